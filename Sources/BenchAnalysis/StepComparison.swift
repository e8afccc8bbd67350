import Foundation

/// One step's duration in a cell, matched across two runs by stage and instruction text.
package struct StepComparison: Sendable, Equatable {
    package var stage: String?
    package var instruction: String
    /// Served from cache on both sides (cached steps are compared only with cached ones, rebuilt with rebuilt).
    package var cached: Bool
    package var comparison: SampleComparison
    /// Benjamini–Hochberg adjusted p over every step tested in the comparison; nil for single builds.
    package var adjustedP: Double?
    /// Slower beyond the threshold with adjusted p < 0.05.
    package var regressed: Bool

    package init(stage: String?, instruction: String, cached: Bool, comparison: SampleComparison, adjustedP: Double?, regressed: Bool) {
        self.stage = stage; self.instruction = instruction; self.cached = cached; self.comparison = comparison
        self.adjustedP = adjustedP; self.regressed = regressed
    }
}
