/// `Step 2/9 : RUN apt-get update`, or the old `Step 2 : RUN ...`.
/// Captures: 1 index, 2 of (optional), 3 instruction.
package struct LegacyStep: LineShape {
    package static let pattern = #"^Step (\d+)(?:/(\d+))? : (.*)$"#
    package static let formats: Set<LogFormat> = [.legacy]
    package let index: Int
    package let of: Int?
    package let instruction: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("Step "), let i = c.int() else { return nil }
        var m: Int?
        if c.eat(byte: UInt8(ascii: "/")) {
            guard let v = c.int() else { return nil }
            m = v
        }
        guard c.eat(" : ") else { return nil }
        index = i; of = m; instruction = c.rest()
    }
}
