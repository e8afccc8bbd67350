// BuildKit `--progress=plain` line shapes. Every vertex line starts with `#N ` where N is the
// vertex number, unique within one build.

/// Parses the `#N ` prefix; returns the vertex number with the cursor after the space.
@inline(__always)
func vertexPrefix(_ c: inout ByteCursor) -> Int? {
    guard c.eat(byte: UInt8(ascii: "#")), let n = c.int(), c.eat(byte: 0x20) else { return nil }
    return n
}

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
        guard let v = vertexPrefix(&c), let t = c.decimal(requireFraction: true) else { return nil }
        guard c.atEnd || c.eat(byte: 0x20) else { return nil }
        vertex = v; elapsed = t
    }
}

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
        guard let v = vertexPrefix(&c), c.eat(byte: UInt8(ascii: "[")) else { return nil }
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

/// `#12 CACHED`: the vertex was served from cache. Capture 1: vertex.
package struct BuildKitCached: LineShape {
    package static let pattern = #"^#(\d+) CACHED$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = vertexPrefix(&c), c.eat("CACHED"), c.atEnd else { return nil }
        vertex = v
    }
}

/// `#5 DONE 2.3s`. Captures: 1 vertex, 2 seconds.
package struct BuildKitDone: LineShape {
    package static let pattern = #"^#(\d+) DONE (\d+(?:\.\d+)?)s$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package let seconds: Double
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = vertexPrefix(&c), c.eat("DONE "), let s = c.decimal(requireFraction: false),
              c.eat(byte: UInt8(ascii: "s")), c.atEnd else { return nil }
        vertex = v; seconds = s
    }
}

/// `#5 ERROR: executor failed running [...]: exit code: 3`. Captures: 1 vertex, 2 message.
package struct BuildKitError: LineShape {
    package static let pattern = #"^#(\d+) ERROR: (.*)$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package let message: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = vertexPrefix(&c), c.eat("ERROR: ") else { return nil }
        vertex = v; message = c.rest()
    }
}

/// `#7 CANCELED`: the vertex was stopped because another one failed. Capture 1: vertex.
package struct BuildKitCanceled: LineShape {
    package static let pattern = #"^#(\d+) CANCELED$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = vertexPrefix(&c), c.eat("CANCELED"), c.atEnd else { return nil }
        vertex = v
    }
}

/// The vertex digest that BuildKit up to 0.8 (docker 20.10) prints under each name:
/// `#4 sha256:e618...`. Captures: 1 vertex.
package struct BuildKitVertexDigest: LineShape {
    package static let pattern = #"^#(\d+) sha256:[0-9a-f]{64}$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = vertexPrefix(&c), c.eat("sha256:"), c.hex(min: 64, max: 64) != nil, c.atEnd else { return nil }
        vertex = v
    }
}

/// Any other `#N text` line: the vertex's name the first time N appears (`#1 [internal] load ...`,
/// `#7 importing cache manifest from ...`, `#13 exporting to image`), afterwards a status or
/// continuation line (`#4 resolve ...`, `#4 extracting sha256:...`, `#4 sha256:... 27MB / 93MB 0.2s`,
/// `#13 writing image sha256:... done`, `#13 pushing layers`, `#16 writing layer sha256:...`,
/// untimestamped output of old BuildKit). The fallback of the BuildKit shapes: its pattern excludes
/// every other `#N` shape. Captures: 1 vertex, 2 text (not kept).
package struct BuildKitVertexText: LineShape {
    package static let pattern =
        #"^#(\d+) (?!(?:CACHED|CANCELED|sha256:[0-9a-f]{64})$|DONE \d+(?:\.\d+)?s$|ERROR: |\d+\.\d+(?: |$)|\[(?:[^\]\s][^\]]*? +)?\d+/\d+\] .)(.+)$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = vertexPrefix(&c), !c.atEnd else { return nil }
        if BuildKitCached(line) != nil || BuildKitCanceled(line) != nil || BuildKitVertexDigest(line) != nil
            || BuildKitDone(line) != nil || BuildKitError(line) != nil || BuildKitLogOutput(line) != nil
            || BuildKitStepVertex(line) != nil { return nil }
        vertex = v
    }
}

/// The rules around BuildKit's error summary: `------` (docker 20.10 and buildx) and the
/// 20-dash rule around buildx's Dockerfile excerpt. No captures.
package struct BuildKitErrorRule: LineShape {
    package static let pattern = #"^(?:-{6}|-{20})$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package init?(_ line: LogLine) {
        guard line.count == 6 || line.count == 20 else { return nil }
        for i in 0..<line.count where line[i] != UInt8(ascii: "-") { return nil }
    }
}

/// The header of an error summary block: ` > [build 2/2] RUN echo start && exit 3:`.
/// Capture 1: the vertex name.
package struct BuildKitErrorHeader: LineShape {
    package static let pattern = #"^ > (.+):$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let name: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat(" > "), c.remaining >= 2, line[line.count - 1] == UInt8(ascii: ":") else { return nil }
        name = line.string(3, line.count - 1)
    }
}

/// buildx's Dockerfile excerpt under an error: `Dockerfile:2` and `   2 | >>> RUN exit 3`. No captures.
package struct BuildKitDockerfileExcerpt: LineShape {
    package static let pattern = #"^(?:Dockerfile[^\s:]*:\d+| *\d+ \|.*)$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        if c.eat("Dockerfile") {
            while let b = c.peek, b != 0x20, b != 0x09, b != UInt8(ascii: ":"), b != 0x0A, b != 0x0D, b != 0x0C, b != 0x0B { c.pos += 1 }
            guard c.eat(byte: UInt8(ascii: ":")), c.int() != nil, c.atEnd else { return nil }
            return
        }
        _ = c.spaces()
        guard c.int() != nil, c.eat(" |") else { return nil }
    }
}

/// The build's final error: `executor failed running [/bin/sh -c ...]: exit code: 3` (docker 20.10),
/// `ERROR: failed to solve: ...` (buildx), `failed to solve: ...`. Capture 1: the message.
package struct BuildKitFatal: LineShape {
    package static let pattern = #"^(?:(?:ERROR|error): (.+)|(executor failed running \[.*|failed to solve: .+))$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let message: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        if c.eat("ERROR: ") || c.eat("error: ") {
            guard !c.atEnd else { return nil }
            message = c.rest()
            return
        }
        guard c.looksAt("executor failed running [") || (c.looksAt("failed to solve: ") && c.remaining > 17)
        else { return nil }
        message = line.string
    }
}

/// buildx's warnings after the build: `WARNING: local cache import at DIR not found due to err: ...` (a cold
/// `type=local` cache), `WARNING: No output specified ...`. The build went on. Capture 1: the warning.
package struct BuildxWarning: LineShape {
    package static let pattern = #"^WARNING: (.+)$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let message: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("WARNING: "), !c.atEnd else { return nil }
        message = c.rest()
    }
}
