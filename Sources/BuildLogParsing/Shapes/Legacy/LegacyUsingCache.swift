/// ` ---> Using cache`: the current step was served from cache. No captures.
package struct LegacyUsingCache: LineShape {
    package static let pattern = #"^ ---> Using cache$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat(" ---> Using cache"), c.atEnd else { return nil }
    }
}
