/// The first line of the newer CLI's banner: `DEPRECATED: The legacy builder is deprecated and
/// will be removed in a future release.` No captures.
package struct LegacyDeprecation: LineShape {
    package static let pattern = #"^DEPRECATED: The legacy builder is deprecated.*$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("DEPRECATED: The legacy builder is deprecated") else { return nil }
    }
}
