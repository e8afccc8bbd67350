/// One build stage: a FROM instruction and the instructions up to the next FROM.
public struct Stage: Equatable, Sendable {
    /// Position of the stage in the file, 0-based (what `COPY --from=<index>` uses).
    public let index: Int
    /// The `AS` name, lower-cased as BuildKit does; nil for an unnamed stage.
    public let name: String?
    /// The FROM image after ARG substitution, or the name of the earlier stage it builds on.
    public let base: String
    /// The earlier stage FROM builds on, if any.
    public let baseStage: Int?
    /// The FROM `--platform` flag as written (ignored by the graph).
    public let platform: String?
    /// The FROM instruction.
    public let from: Instruction
    /// The instructions after FROM, up to the next FROM.
    public let instructions: [Instruction]
    /// Stages this one needs: through FROM, `COPY/ADD --from` and `RUN --mount=from=`; sorted.
    public let dependsOn: [Int]
    /// Images (not stages) named by `--from` or `--mount=from=` in this stage, in order.
    public let externalSources: [String]

    /// Creates a stage value.
    public init(
        index: Int, name: String?, base: String, baseStage: Int?, platform: String?, from: Instruction,
        instructions: [Instruction], dependsOn: [Int], externalSources: [String]
    ) {
        self.index = index
        self.name = name
        self.base = base
        self.baseStage = baseStage
        self.platform = platform
        self.from = from
        self.instructions = instructions
        self.dependsOn = dependsOn
        self.externalSources = externalSources
    }

    /// FROM followed by the stage's instructions: index 0 is FROM, as builders number steps.
    public var allInstructions: [Instruction] { [from] + instructions }

    /// First line of the stage (its FROM).
    public var startLine: Int { from.startLine }

    /// Last line of the stage.
    public var endLine: Int { instructions.last?.endLine ?? from.endLine }

    /// The name to pass to `--target`: the stage's own name, or for an unnamed stage the name
    /// that ``Dockerfile/namingUnnamedStages(prefix:)`` gives it (builders refuse `--target 1`).
    public func targetName(prefix: String = Dockerfile.defaultStagePrefix) -> String {
        name ?? "\(prefix)\(index)"
    }
}
