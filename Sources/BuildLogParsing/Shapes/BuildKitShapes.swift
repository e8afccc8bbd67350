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
/// continuation line (`#4 resolve ...`,
/// `#13 writing image sha256:... done`, `#13 pushing layers`,
/// untimestamped output of old BuildKit). The fallback of the BuildKit shapes: its pattern excludes
/// every other `#N` shape. Captures: 1 vertex, 2 text (not kept).
package struct BuildKitVertexText: LineShape {
    package static let pattern =
        #"^#(\d+) (?!(?:CACHED|CANCELED|sha256:[0-9a-f]{64})$|DONE \d+(?:\.\d+)?s$|ERROR: |\d+\.\d+(?: |$)|\[(?:[^\]\s][^\]]*? +)?\d+/\d+\] .|sha256:[0-9a-f]{64} \d+(?:\.\d+)?[kMGTP]?B / \d+(?:\.\d+)?[kMGTP]?B(?: \d+(?:\.\d+)?s)?(?: done)?$|writing layer sha256:[0-9a-f]{64}(?: \d+(?:\.\d+)?s)?(?: done)?$|pushing layer [0-9a-f]{12}(?: \d+(?:\.\d+)?s)?(?: done)?$|(?:pulling|extracting) sha256:[0-9a-f]{64}(?: \d+(?:\.\d+)?s)?(?: done)?$)(.+)$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let v = vertexPrefix(&c), !c.atEnd else { return nil }
        if BuildKitCached(line) != nil || BuildKitCanceled(line) != nil || BuildKitVertexDigest(line) != nil
            || BuildKitDone(line) != nil || BuildKitError(line) != nil || BuildKitLogOutput(line) != nil
            || BuildKitStepVertex(line) != nil || BuildKitBlobProgress(line) != nil || BuildKitWritingLayer(line) != nil
            || BuildKitPushingLayer(line) != nil || BuildKitPullingBlob(line) != nil || BuildKitExtracting(line) != nil { return nil }
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

/// The optional tail of a BuildKit status line: ` 1.2s` (time since the status started), then ` done` when it
/// finished. Returns whether `done` was there; nil when anything else follows.
@inline(__always)
func statusTail(_ c: inout ByteCursor) -> Bool? {
    var t = c
    if t.eat(byte: 0x20), t.decimal(requireFraction: false) != nil, t.eat(byte: UInt8(ascii: "s")) { c = t }
    if c.atEnd { return false }
    guard c.eat(" done"), c.atEnd else { return nil }
    return true
}

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
        guard let v = vertexPrefix(&c) else { return nil }
        let d = c.pos
        guard c.eat("sha256:"), c.hex(min: 64, max: 64) != nil, c.eat(byte: 0x20) else { return nil }
        let dEnd = c.pos - 1
        guard Self.size(&c) != nil, c.eat(" / "), let total = Self.size(&c), let done = statusTail(&c) else { return nil }
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

/// `#N VERB sha256:HEX`, optionally followed by ` 0.3s done` or ` done`: the vertex, the digest and whether it
/// says `done`. The one grammar of BuildKit's per-blob status lines (`writing layer`, `pulling`, `extracting`).
private func digestStatusLine(_ line: LogLine, after verb: StaticString) -> (vertex: Int, digest: String, done: Bool)? {
    var c = line.cursor()
    guard let v = vertexPrefix(&c), c.eat(verb) else { return nil }
    let d = c.pos
    guard c.eat("sha256:"), c.hex(min: 64, max: 64) != nil else { return nil }
    let dEnd = c.pos
    guard let done = statusTail(&c) else { return nil }
    return (v, line.string(d, dEnd), done)
}

/// A blob a cache export writes to its backend (registry or local directory):
/// `#14 writing layer sha256:1614...`, then the same with ` 0.3s done` or ` done`.
/// Captures: 1 vertex, 2 blob digest, 3 `done`.
package struct BuildKitWritingLayer: LineShape {
    package static let pattern = #"^#(\d+) writing layer (sha256:[0-9a-f]{64})(?: \d+(?:\.\d+)?s)?( done)?$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package let digest: String
    package let done: Bool
    package init?(_ line: LogLine) {
        guard let (v, d, done) = digestStatusLine(line, after: "writing layer ") else { return nil }
        vertex = v; digest = d; self.done = done
    }
}

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
        guard let v = vertexPrefix(&c), c.eat("pushing layer ") else { return nil }
        let d = c.pos
        guard c.hex(min: 12, max: 12) != nil, c.peek.map(isHex) != true else { return nil }
        let dEnd = c.pos
        guard let done = statusTail(&c) else { return nil }
        vertex = v; id = line.string(d, dEnd); self.done = done
    }
}

/// A blob that the BuildKit of docker 20.10 (0.8) pulls lazily under a cached step, with no progress figures:
/// `#12 pulling sha256:a103...`, then the same with ` 0.6s done`. Captures: 1 vertex, 2 blob digest, 3 `done`.
package struct BuildKitPullingBlob: LineShape {
    package static let pattern = #"^#(\d+) pulling (sha256:[0-9a-f]{64})(?: \d+(?:\.\d+)?s)?( done)?$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package let digest: String
    package let done: Bool
    package init?(_ line: LogLine) {
        guard let (v, d, done) = digestStatusLine(line, after: "pulling ") else { return nil }
        vertex = v; digest = d; self.done = done
    }
}

/// A blob BuildKit unpacks into the snapshotter: `#9 extracting sha256:705d...`, then the same with ` 3.8s done`.
/// On a fresh engine every blob it extracts was fetched first, and the progress printer drops some downloads'
/// lines (a fast one may finish between two prints): under a cached step, an extraction is evidence of an import.
/// Captures: 1 vertex, 2 blob digest, 3 `done`.
package struct BuildKitExtracting: LineShape {
    package static let pattern = #"^#(\d+) extracting (sha256:[0-9a-f]{64})(?: \d+(?:\.\d+)?s)?( done)?$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package let digest: String
    package let done: Bool
    package init?(_ line: LogLine) {
        guard let (v, d, done) = digestStatusLine(line, after: "extracting ") else { return nil }
        vertex = v; digest = d; self.done = done
    }
}
