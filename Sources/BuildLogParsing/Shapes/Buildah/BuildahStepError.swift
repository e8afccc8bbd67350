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
