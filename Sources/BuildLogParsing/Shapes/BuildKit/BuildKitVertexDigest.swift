/// The vertex digest that BuildKit up to 0.8 (docker 20.10) prints under each name:
/// `#4 sha256:e618...`. Captures: 1 vertex.
package struct BuildKitVertexDigest: LineShape {
    package static let pattern = #"^#(\d+) sha256:[0-9a-f]{64}$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = c.vertexPrefix(), c.eat("sha256:"), c.hex(min: 64, max: 64) != nil, c.atEnd else { return nil }
        vertex = v
    }
}
