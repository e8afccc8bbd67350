/// A blob buildx's docker driver pushes for `--push` (`#15 pushing R:latest with docker`):
/// `#15 pushing layer 51bba1ee2299`, then the same with ` 0.1s done` or ` done`. The id is the blob digest's first
/// 12 hex digits; the blobs are the image's layers and its config. Captures: 1 vertex, 2 short id, 3 `done`.
package struct BuildKitPushingLayer: LineShape {
    package static let pattern = #"^#(\d+) pushing layer ([0-9a-f]{12})(?: \d+(?:\.\d+)?s)?( done)?$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package let id: String
    package let done: Bool
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = c.vertexPrefix(), c.eat("pushing layer ") else { return nil }
        let d = c.pos
        guard c.hex(min: 12, max: 12) != nil, c.peek.map(isHex) != true else { return nil }
        let dEnd = c.pos
        guard let done = c.statusTail() else { return nil }
        vertex = v; id = line.string(d, dEnd); self.done = done
    }
}
