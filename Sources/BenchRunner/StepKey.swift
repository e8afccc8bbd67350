/// A step as a builder numbers it: the stage label it printed (nil where it prints none, as a single-stage
/// BuildKit or buildah build) and the step's index in that stage. Written `stage#index` in prediction labels.
public struct StepKey: Hashable, Sendable, CustomStringConvertible {
    public var stage: String?
    public var index: Int

    public init(stage: String?, index: Int) {
        self.stage = stage
        self.index = index
    }

    public var description: String { "\(stage ?? "")#\(index)" }
}
