/// A stage as every layer names it, made once by the model: its position in the file, its `AS` name, and
/// the name reports and stored steps use.
public struct StageRef: Hashable, Sendable {
    /// Position of the stage in the file, 0-based.
    public let index: Int
    /// The `AS` name, lower-cased as BuildKit does; nil for an unnamed stage.
    public let name: String?

    public init(index: Int, name: String?) {
        self.index = index
        self.name = name
    }

    /// The `AS` name, else `stage-N`: BuildKit's label for the stage, and the stage of every stored step.
    public var displayName: String { name ?? "stage-\(index)" }

    /// The `AS` name a FROM instruction gives its stage (`FROM image AS name`), lower-cased; nil without one.
    public static func name(of from: Instruction) -> String? {
        let arguments = from.arguments
        guard arguments.count >= 3, arguments[1].lowercased() == "as" else { return nil }
        return arguments[2].lowercased()
    }

    /// The stage that a FROM line, as a builder printed it, starts at position `index` of a file the caller
    /// does not have (an ingested log): read by the model's parser; nil when the text is no FROM instruction.
    public static func parsing(fromLine text: String, index: Int) -> StageRef? {
        guard let from = (try? Dockerfile.parse(text: text))?.instructions.first, from.name == "from" else { return nil }
        return StageRef(index: index, name: name(of: from))
    }
}

extension Stage {
    /// This stage's reference.
    public var ref: StageRef { StageRef(index: index, name: name) }
}

extension StageGraph {
    /// Every stage's reference, in file order.
    public var stageRefs: [StageRef] { stages.map(\.ref) }
}
