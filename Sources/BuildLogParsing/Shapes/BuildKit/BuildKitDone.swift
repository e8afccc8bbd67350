/// `#5 DONE 2.3s`. Captures: 1 vertex, 2 seconds.
package struct BuildKitDone: LineShape {
    package static let pattern = #"^#(\d+) DONE (\d+(?:\.\d+)?)s$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package let seconds: Double
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = c.vertexPrefix(), c.eat("DONE "), let s = c.decimal(requireFraction: false),
              c.eat(byte: UInt8(ascii: "s")), c.atEnd else { return nil }
        vertex = v; seconds = s
    }
}
