/// `Successfully tagged REF` (legacy builder and buildah). Capture 1: the reference.
package struct SuccessfullyTagged: LineShape {
    package static let pattern = #"^Successfully tagged (\S+)$"#
    package static let formats: Set<LogFormat> = [.legacy, .buildah]
    package let reference: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("Successfully tagged "), let r = c.token(), c.atEnd else { return nil }
        reference = c.string(r)
    }
}
