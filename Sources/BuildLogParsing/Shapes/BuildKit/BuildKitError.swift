/// `#5 ERROR: executor failed running [...]: exit code: 3`. Captures: 1 vertex, 2 message.
package struct BuildKitError: LineShape {
    package static let pattern = #"^#(\d+) ERROR: (.*)$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package let message: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = c.vertexPrefix(), c.eat("ERROR: ") else { return nil }
        vertex = v; message = c.rest()
    }
}
