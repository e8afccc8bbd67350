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
        guard let prefix = c.buildahStagePrefix(), c.eat("STEP "), let i = c.int(),
              c.eat(byte: UInt8(ascii: "/")), let n = c.int(), c.eat(": "), !c.atEnd else { return nil }
        stageNumber = prefix?.0; stageCount = prefix?.1
        index = i; of = n; instruction = c.rest()
    }
}
