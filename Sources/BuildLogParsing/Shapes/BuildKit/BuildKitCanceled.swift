/// `#7 CANCELED`: the vertex was stopped because another one failed. Capture 1: vertex.
package struct BuildKitCanceled: LineShape {
    package static let pattern = #"^#(\d+) CANCELED$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = c.vertexPrefix(), c.eat("CANCELED"), c.atEnd else { return nil }
        vertex = v
    }
}
