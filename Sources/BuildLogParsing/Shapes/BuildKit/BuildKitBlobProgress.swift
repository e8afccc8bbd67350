/// A blob BuildKit downloads itself, with its progress: `#9 sha256:e783... 12.58MB / 147.02MB 0.8s`, the last line
/// ending ` done`. Under a FROM it is the base image; under a cached step, a cached layer pulled lazily from the cache
/// source (registry, local cache dir or inline-cache image) when a later step or the export needs it.
/// Captures: 1 vertex, 2 blob digest, 3 bytes so far, 4 total bytes (go-units human sizes), 5 `done`.
package struct BuildKitBlobProgress: LineShape {
    package static let pattern =
        #"^#(\d+) (sha256:[0-9a-f]{64}) (\d+(?:\.\d+)?[kMGTP]?B) / (\d+(?:\.\d+)?[kMGTP]?B)(?: \d+(?:\.\d+)?s)?( done)?$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package let digest: String
    package let total: Int64
    package let done: Bool
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = c.vertexPrefix() else { return nil }
        let d = c.pos
        guard c.eat("sha256:"), c.hex(min: 64, max: 64) != nil, c.eat(byte: 0x20) else { return nil }
        let dEnd = c.pos - 1
        guard Self.size(&c) != nil, c.eat(" / "), let total = Self.size(&c), let done = c.statusTail() else { return nil }
        vertex = v; digest = line.string(d, dEnd); self.total = total; self.done = done
    }

    /// `147.02MB`, `32B`: digits, an optional fraction, an optional SI prefix, `B`.
    private static func size(_ c: inout ByteCursor) -> Int64? {
        let start = c.pos
        guard c.decimal(requireFraction: false) != nil else { return nil }
        if let b = c.peek, [UInt8(ascii: "k"), UInt8(ascii: "M"), UInt8(ascii: "G"), UInt8(ascii: "T"), UInt8(ascii: "P")].contains(b) {
            c.pos += 1
        }
        guard c.eat(byte: UInt8(ascii: "B")) else { c.pos = start; return nil }
        return HumanSize.bytes(c.string(start..<c.pos))
    }
}
