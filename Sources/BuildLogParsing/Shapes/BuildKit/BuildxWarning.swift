/// buildx's warnings after the build: `WARNING: local cache import at DIR not found due to err: ...` (a cold
/// `type=local` cache), `WARNING: No output specified ...`. The build went on. Capture 1: the warning.
package struct BuildxWarning: LineShape {
    package static let pattern = #"^WARNING: (.+)$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let message: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("WARNING: "), !c.atEnd else { return nil }
        message = c.rest()
    }
}
