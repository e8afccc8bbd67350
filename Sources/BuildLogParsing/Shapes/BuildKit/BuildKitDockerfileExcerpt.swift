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
