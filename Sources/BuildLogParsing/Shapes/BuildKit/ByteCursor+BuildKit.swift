// BuildKit `--progress=plain` line shapes. Every vertex line starts with `#N ` where N is the
// vertex number, unique within one build.

extension ByteCursor {
    /// Parses the `#N ` prefix; returns the vertex number with the cursor after the space.
    @inline(__always)
    mutating func vertexPrefix() -> Int? {
        guard eat(byte: UInt8(ascii: "#")), let n = int(), eat(byte: 0x20) else { return nil }
        return n
    }

    /// The optional tail of a BuildKit status line: ` 1.2s` (time since the status started), then ` done` when it
    /// finished. Returns whether `done` was there; nil when anything else follows.
    @inline(__always)
    mutating func statusTail() -> Bool? {
        var t = self
        if t.eat(byte: 0x20), t.decimal(requireFraction: false) != nil, t.eat(byte: UInt8(ascii: "s")) { self = t }
        if atEnd { return false }
        guard eat(" done"), atEnd else { return nil }
        return true
    }

    /// `#N VERB sha256:HEX`, optionally followed by ` 0.3s done` or ` done`: the vertex, the digest and whether it
    /// says `done`. The one grammar of BuildKit's per-blob status lines (`writing layer`, `pulling`, `extracting`).
    mutating func digestStatus(after verb: StaticString) -> (vertex: Int, digest: String, done: Bool)? {
        guard let v = vertexPrefix(), eat(verb) else { return nil }
        let d = pos
        guard eat("sha256:"), hex(min: 64, max: 64) != nil else { return nil }
        let dEnd = pos
        guard let done = statusTail() else { return nil }
        return (v, string(d..<dEnd), done)
    }
}
