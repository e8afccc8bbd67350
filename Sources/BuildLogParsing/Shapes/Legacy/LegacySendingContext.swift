/// `Sending build context to Docker daemon  45.57kB`. Capture 1: the size as printed.
package struct LegacySendingContext: LineShape {
    package static let pattern = #"^Sending build context to Docker daemon +(\S+)$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package let size: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("Sending build context to Docker daemon"), c.spaces() > 0, let r = c.token(), c.atEnd
        else { return nil }
        size = c.string(r)
    }
}
