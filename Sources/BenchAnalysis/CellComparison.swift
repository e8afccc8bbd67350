import Foundation

/// How one strategy × scenario cell moved between two runs.
package struct CellComparison: Sendable, Equatable {
    package enum Verdict: String, Sendable, Codable {
        /// Slower by more than the threshold and significantly so (see `ComparisonTest`).
        case regression
        /// The whole build is not shown slower, but a step is (`CellComparison.regressedSteps`).
        case stepRegression = "step regression"
        /// Faster by more than the threshold (same significance rule).
        case improvement
        case unchanged
        /// A larger share of its builds failed than in the baseline.
        case failed
        /// The cell is missing (or never succeeded) in one of the runs.
        case incomparable
    }

    /// Builds that succeeded and failed on one side (unavailable builds are neither).
    package struct Counts: Sendable, Equatable {
        package var ok: Int
        package var failed: Int
        package var failureRate: Double? { ok + failed > 0 ? Double(failed) / Double(ok + failed) : nil }

        package init(ok: Int, failed: Int) { self.ok = ok; self.failed = failed }
        init(_ cell: CellSummary?) { self.init(ok: cell?.wall?.count ?? 0, failed: cell?.failed ?? 0) }
    }

    package var strategy: String
    package var scenario: String
    package var baselineCounts: Counts
    package var currentCounts: Counts
    /// The wall-time comparison, when both sides have a successful build.
    package var wall: SampleComparison?
    package var steps: [StepComparison]
    package var verdict: Verdict

    package var baseline: SampleStatistics? { wall?.baseline }
    package var current: SampleStatistics? { wall?.current }
    package var changePercent: Double? { wall?.changePercent }
    package var regressedSteps: [StepComparison] { steps.filter(\.regressed) }
    package var isRegression: Bool { verdict == .regression || verdict == .failed || verdict == .stepRegression }
}
