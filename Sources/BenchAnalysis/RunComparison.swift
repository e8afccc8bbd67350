import Foundation
import ResultStore

/// How one strategy × scenario cell moved between two runs.
public struct CellComparison: Sendable, Equatable {
    public enum Verdict: String, Sendable, Codable {
        /// Slower by more than the threshold and, where both runs have several iterations, significantly so.
        case regression
        /// Faster by more than the threshold (same significance rule).
        case improvement
        case unchanged
        /// The cell succeeded in the baseline and failed in the current run.
        case failed
        /// The cell is missing (or never succeeded) in one of the runs.
        case incomparable
    }

    public var strategy: String
    public var scenario: String
    public var baseline: SampleStatistics?
    public var current: SampleStatistics?
    /// (current − baseline) / baseline, in percent.
    public var changePercent: Double?
    public var verdict: Verdict
}

/// `cachebench compare`: every cell of two runs, and whether any regressed.
public struct RunComparison: Sendable {
    public var baseline: RunRecord
    public var current: RunRecord
    public var thresholdPercent: Double
    public var cells: [CellComparison]

    public var regressions: [CellComparison] { cells.filter { $0.verdict == .regression || $0.verdict == .failed } }

    /// Compares mean wall seconds cell by cell. A change counts only beyond `thresholdPercent`, and, when both
    /// runs have at least two successful builds in the cell, only when Welch's t-test says the means differ (95 %).
    public init(baseline: RunAnalysis, current: RunAnalysis, thresholdPercent: Double) {
        self.baseline = baseline.run
        self.current = current.run
        self.thresholdPercent = thresholdPercent
        var strategies = baseline.strategies
        for s in current.strategies where !strategies.contains(s) { strategies.append(s) }
        var scenarios = baseline.scenarios
        for s in current.scenarios where !scenarios.contains(s) { scenarios.append(s) }
        var cells: [CellComparison] = []
        for strategy in strategies {
            for scenario in scenarios {
                let before = baseline.cell(strategy, scenario)
                let after = current.cell(strategy, scenario)
                if before == nil && after == nil { continue }
                cells.append(Self.compare(strategy: strategy, scenario: scenario, before: before, after: after,
                                          threshold: thresholdPercent))
            }
        }
        self.cells = cells
    }

    static func compare(strategy: String, scenario: String, before: CellSummary?, after: CellSummary?,
                        threshold: Double) -> CellComparison {
        var result = CellComparison(strategy: strategy, scenario: scenario, baseline: before?.wall, current: after?.wall,
                                    changePercent: nil, verdict: .incomparable)
        guard let base = before?.wall else { return result }
        guard let now = after?.wall else {
            if let after, after.failed > 0 { result.verdict = .failed }
            return result
        }
        let change = (now.mean - base.mean) / base.mean * 100
        result.changePercent = change
        guard abs(change) > threshold, significant(base, now) else {
            result.verdict = .unchanged
            return result
        }
        result.verdict = change > 0 ? .regression : .improvement
        return result
    }

    /// Welch's t-test at 95 %; with a single value on either side there is no variance to test, so the
    /// threshold alone decides.
    static func significant(_ a: SampleStatistics, _ b: SampleStatistics) -> Bool {
        guard a.count >= 2, b.count >= 2 else { return true }
        let va = a.standardDeviation * a.standardDeviation / Double(a.count)
        let vb = b.standardDeviation * b.standardDeviation / Double(b.count)
        let standardError = (va + vb).squareRoot()
        guard standardError > 0 else { return a.mean != b.mean }
        let t = abs(a.mean - b.mean) / standardError
        let df = (va + vb) * (va + vb) / (va * va / Double(a.count - 1) + vb * vb / Double(b.count - 1))
        return t > SampleStatistics.tCritical95(degreesOfFreedom: max(1, Int(df.rounded(.down))))
    }
}
