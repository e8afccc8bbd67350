/// One step as a builder prints it, tied to the instruction it runs.
public struct PrintedStep: Equatable, Sendable {
    /// The stage label printed (`compile-image`, `stage-1`), nil when the builder prints none.
    public let label: String?
    /// The 1-based number printed within the stage.
    public let index: Int
    /// The stage's position in the file.
    public let stage: Int
    /// The instruction's position in the stage: 0 is FROM.
    public let position: Int
    /// The instruction's first line in the Dockerfile: with `stage`, its identity.
    public let line: Int
}
