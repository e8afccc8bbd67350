/// Container output with its elapsed time: `#5 0.451 Get:1 http://...`.
/// Captures: 1 vertex, 2 seconds since the vertex started, 3 text (not kept: the parser needs none).
package struct BuildKitLogOutput: LineShape {
    package static let pattern = #"^#(\d+) (\d+\.\d+)(?: (.*))?$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package let elapsed: Double
    @inline(__always)
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = c.vertexPrefix(), let t = c.decimal(requireFraction: true) else { return nil }
        guard c.atEnd || c.eat(byte: 0x20) else { return nil }
        vertex = v; elapsed = t
    }
}
