// `buildah build --layers` line shapes.

/// Parses an optional `[i/n] ` stage prefix.
func buildahStagePrefix(_ c: inout ByteCursor) -> (Int, Int)?? {
    guard c.peek == UInt8(ascii: "[") else { return .some(nil) }
    let save = c.pos
    c.pos += 1
    guard let i = c.int(), c.eat(byte: UInt8(ascii: "/")), let n = c.int(), c.eat("] ") else {
        c.pos = save
        return nil
    }
    return .some((i, n))
}

/// `[1/2] STEP 2/6: RUN apt-get update` or, single stage, `STEP 2/6: RUN ...`.
/// Captures: 1 stage number, 2 stage count, 3 index, 4 of, 5 instruction.
package struct BuildahStep: LineShape {
    package static let pattern = #"^(?:\[(\d+)/(\d+)\] )?STEP (\d+)/(\d+): (.+)$"#
    package static let formats: Set<LogFormat> = [.buildah]
    package let stageNumber: Int?
    package let stageCount: Int?
    package let index: Int
    package let of: Int
    package let instruction: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let prefix = buildahStagePrefix(&c), c.eat("STEP "), let i = c.int(),
              c.eat(byte: UInt8(ascii: "/")), let n = c.int(), c.eat(": "), !c.atEnd else { return nil }
        stageNumber = prefix?.0; stageCount = prefix?.1
        index = i; of = n; instruction = c.rest()
    }
}

/// `--> Using cache 3d18cb...`: the step was served from cache. Capture 1: layer id.
package struct BuildahUsingCache: LineShape {
    package static let pattern = #"^--> Using cache ([0-9a-f]{12,64})$"#
    package static let formats: Set<LogFormat> = [.buildah]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("--> Using cache "), c.hex(min: 12, max: 64) != nil, c.atEnd else { return nil }
    }
}

/// `--> Pushing cache REF` (`--cache-to`) and `--> Cache pulled from remote REF` (`--cache-from`).
/// Capture 1: the cache reference.
package struct BuildahCacheTransfer: LineShape {
    package static let pattern = #"^--> (?:Pushing cache|Cache pulled from remote) (\S+)$"#
    package static let formats: Set<LogFormat> = [.buildah]
    package let reference: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("--> Pushing cache ") || c.eat("--> Cache pulled from remote "), let r = c.token(), c.atEnd
        else { return nil }
        reference = c.string(r)
    }
}

/// `--> d0dce04e078`: the layer a step produced. Capture 1: short id.
package struct BuildahLayerID: LineShape {
    package static let pattern = #"^--> ([0-9a-f]{11,64})$"#
    package static let formats: Set<LogFormat> = [.buildah]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("--> "), c.hex(min: 11, max: 64) != nil, c.atEnd else { return nil }
    }
}

/// `[2/2] COMMIT 127.0.0.1:5000/bh/hello:latest` (or `COMMIT` alone).
/// Captures: 1 stage number, 2 stage count, 3 reference.
package struct BuildahCommit: LineShape {
    package static let pattern = #"^(?:\[(\d+)/(\d+)\] )?COMMIT(?: (\S+))?$"#
    package static let formats: Set<LogFormat> = [.buildah]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard buildahStagePrefix(&c) != nil, c.eat("COMMIT") else { return nil }
        if c.atEnd { return }
        guard c.eat(byte: 0x20), c.token() != nil, c.atEnd else { return nil }
    }
}

/// The base-image pull that buildah prints inside a FROM step. No captures.
package struct BuildahImageTransfer: LineShape {
    package static let pattern =
        #"^(?:Resolved "[^"]+" as an alias .*|Trying to pull \S+\.\.\.|Getting image source signatures|Copying (?:blob|config) .+|Writing manifest to image destination|Storing signatures)$"#
    package static let formats: Set<LogFormat> = [.buildah]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        if c.eat("Resolved \"") {
            var sawQuote = false
            while let b = c.peek, b != UInt8(ascii: "\"") { sawQuote = true; c.pos += 1 }
            guard sawQuote, c.eat("\" as an alias ") else { return nil }
            return
        }
        if c.eat("Trying to pull ") {
            guard let r = c.token(), c.atEnd, r.count >= 4 else { return nil }
            var t = ByteCursor(bytes: line.bytes, pos: r.upperBound - 3)
            guard t.eat("...") else { return nil }
            return
        }
        if c.eat("Copying blob ") || c.eat("Copying config ") { guard !c.atEnd else { return nil }; return }
        guard c.eat("Getting image source signatures") || c.eat("Writing manifest to image destination")
            || c.eat("Storing signatures"), c.atEnd else { return nil }
    }
}

/// The full image id buildah prints last. No captures.
package struct BuildahImageID: LineShape {
    package static let pattern = #"^[0-9a-f]{64}$"#
    package static let formats: Set<LogFormat> = [.buildah]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard line.count == 64, c.hex(min: 64, max: 64) != nil else { return nil }
    }
}

/// `error building at STEP "RUN exit 3": error while running runtime: exit status 3`, with or
/// without buildah's `Error: ` prefix. Captures: 1 instruction, 2 reason. The whole line is kept.
package struct BuildahStepError: LineShape {
    package static let pattern = #"^(?:Error: )?error building at STEP "(.+?)": (.+)$"#
    package static let formats: Set<LogFormat> = [.buildah]
    package let instruction: String
    package let message: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        _ = c.eat("Error: ")
        guard c.eat("error building at STEP \"") else { return nil }
        let start = c.pos
        var p = start + 1
        while p + 2 < line.count {
            if line[p] == UInt8(ascii: "\""), line[p + 1] == UInt8(ascii: ":"), line[p + 2] == 0x20 { break }
            p += 1
        }
        guard p + 3 < line.count, p > start else { return nil }
        instruction = line.string(start, p)
        var m = c
        m.pos = 0
        _ = m.eat("Error: ")
        message = m.rest()
    }
}
