/// `The command '/bin/sh -c exit 3' returned a non-zero code: 3`.
/// Captures: 1 command, 2 exit code. The whole line is kept as the error text.
package struct LegacyCommandFailed: LineShape {
    package static let pattern = #"^The command '(.*)' returned a non-zero code: (\d+)$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package let message: String
    package let code: Int
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("The command '") else { return nil }
        // Find the code at the end, then the literal before it.
        var d = line.count
        while d > c.pos, line[d - 1] &- 48 < 10 { d -= 1 }
        guard d < line.count else { return nil }
        let tail: StaticString = "' returned a non-zero code: "
        let n = tail.utf8CodeUnitCount
        guard d - n >= c.pos else { return nil }
        var t = ByteCursor(bytes: line.bytes, pos: d - n)
        guard t.eat(tail), let code = t.int() else { return nil }
        self.code = code
        message = line.string
    }
}
