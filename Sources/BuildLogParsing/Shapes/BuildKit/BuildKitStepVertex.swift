/// A Dockerfile step vertex: `#5 [compile-image 2/6] RUN apt-get update`, `#4 [1/2] FROM ...`,
/// padded `#7 [stage-1  1/2] COPY ...`. `[internal]`, `[auth]` and other bracketed names without
/// `i/n` are not steps.
/// Captures: 1 vertex, 2 stage (absent for single-stage builds), 3 index, 4 of, 5 instruction.
package struct BuildKitStepVertex: LineShape {
    package static let pattern = #"^#(\d+) \[(?:([^\]\s][^\]]*?) +)?(\d+)/(\d+)\] (.+)$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package let stage: String?
    package let index: Int
    package let of: Int
    package let instruction: String

    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = c.vertexPrefix(), c.eat(byte: UInt8(ascii: "[")) else { return nil }
        let open = c.pos
        guard let close = Self.parseBracket(&c) else { return nil }
        // content = open..<close; the last space-separated token must be i/n
        var tokStart = close
        while tokStart > open, line[tokStart - 1] != 0x20 { tokStart -= 1 }
        var t = ByteCursor(bytes: line.bytes, pos: tokStart)
        guard let i = t.int(), t.eat(byte: UInt8(ascii: "/")), let n = t.int(), t.pos == close else { return nil }
        var stageEnd = tokStart
        while stageEnd > open, line[stageEnd - 1] == 0x20 { stageEnd -= 1 }
        if stageEnd == open {
            guard tokStart == open else { return nil }  // "[ 1/2]": leading spaces only
            stage = nil
        } else {
            stage = line.string(open, stageEnd)
        }
        c.pos = close + 1
        guard c.eat(byte: 0x20), !c.atEnd else { return nil }
        vertex = v; index = i; of = n; instruction = c.rest()
    }

    /// Advances to the first `]`; returns its position. Fails if there is none.
    private static func parseBracket(_ c: inout ByteCursor) -> Int? {
        var p = c.pos
        while p < c.bytes.count, c.bytes[p] != UInt8(ascii: "]") { p += 1 }
        if p >= c.bytes.count || p == c.pos { return nil }
        if c.bytes[c.pos] == 0x20 { return nil }
        return p
    }
}
