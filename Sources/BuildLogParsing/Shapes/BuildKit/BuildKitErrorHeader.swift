/// The header of an error summary block: ` > [build 2/2] RUN echo start && exit 3:`.
/// Capture 1: the vertex name.
package struct BuildKitErrorHeader: LineShape {
    package static let pattern = #"^ > (.+):$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let name: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat(" > "), c.remaining >= 2, line[line.count - 1] == UInt8(ascii: ":") else { return nil }
        name = line.string(3, line.count - 1)
    }
}
