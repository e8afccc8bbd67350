/// `#12 CACHED`: the vertex was served from cache. Capture 1: vertex.
package struct BuildKitCached: LineShape {
    package static let pattern = #"^#(\d+) CACHED$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = c.vertexPrefix(), c.eat("CACHED"), c.atEnd else { return nil }
        vertex = v
    }
}
