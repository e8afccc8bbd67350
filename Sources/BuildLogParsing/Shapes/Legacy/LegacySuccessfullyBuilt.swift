/// `Successfully built 44f85758a116`. Capture 1: image id.
package struct LegacySuccessfullyBuilt: LineShape {
    package static let pattern = #"^Successfully built ([0-9a-f]{12,64})$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package let image: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("Successfully built "), let n = c.hex(min: 12, max: 64), c.atEnd else { return nil }
        image = c.string(c.pos - n..<c.pos)
    }
}
