/// A step as a builder numbers it: the stage label it printed (nil where it prints none, as a single-stage
/// BuildKit or buildah build) and the step's index in that stage. Written `stage#index` in prediction labels.
package struct StepKey: Hashable, Sendable, CustomStringConvertible {
    package var stage: String?
    package var index: Int

    package init(stage: String?, index: Int) {
        self.stage = stage
        self.index = index
    }

    package var description: String { "\(stage ?? "")#\(index)" }
}
