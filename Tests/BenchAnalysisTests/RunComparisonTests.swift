import BenchAnalysis
import Foundation
import ResultStore
import Testing

@Suite struct RunComparisonTests {
    static func analysis(id: Int64, _ cells: [(strategy: String, scenario: String, walls: [Double], status: String)]) -> RunAnalysis {
        let run = RunRecord(id: id, project: "/p", dockerfile: "", engineVersions: "{}", options: "{}", host: "h")
        var builds: [BuildDetail] = []
        for (position, cell) in cells.enumerated() {
            for (i, wall) in cell.walls.enumerated() {
                builds.append(BuildDetail(build: BuildRecord(id: Int64(builds.count + 1), runId: id, strategy: cell.strategy,
                                                             scenario: cell.scenario, iteration: i + 1, chainPosition: position,
                                                             status: cell.status, wallSeconds: wall),
                                          phases: [], steps: []))
            }
        }
        return RunAnalysis(run: run, builds: builds)
    }

    @Test func slowerBeyondThresholdAndSignificantIsARegression() {
        let before = Self.analysis(id: 1, [("inline", "no-change", [10.0, 10.2, 9.8], "ok")])
        let after = Self.analysis(id: 2, [("inline", "no-change", [14.0, 14.2, 13.8], "ok")])
        let comparison = RunComparison(baseline: before, current: after, thresholdPercent: 10)
        #expect(comparison.cells.count == 1)
        #expect(comparison.cells[0].verdict == .regression)
        #expect(abs((comparison.cells[0].changePercent ?? 0) - 40) < 0.001)
        #expect(comparison.regressions.count == 1)
    }

    @Test func slowerButWithinNoiseIsUnchanged() {
        // +20 % on the mean, but the samples overlap widely: Welch's t-test does not separate them.
        let before = Self.analysis(id: 1, [("naive", "cold", [10.0, 20.0], "ok")])
        let after = Self.analysis(id: 2, [("naive", "cold", [12.0, 24.0], "ok")])
        #expect(RunComparison(baseline: before, current: after, thresholdPercent: 10).cells[0].verdict == .unchanged)
    }

    @Test func belowThresholdIsUnchangedAndFasterIsAnImprovement() {
        let before = Self.analysis(id: 1, [("a", "cold", [10.0], "ok"), ("b", "cold", [10.0], "ok")])
        let after = Self.analysis(id: 2, [("a", "cold", [10.5], "ok"), ("b", "cold", [5.0], "ok")])
        let cells = RunComparison(baseline: before, current: after, thresholdPercent: 10).cells
        #expect(cells.map(\.verdict) == [.unchanged, .improvement])
    }

    @Test func aCellThatNowFailsIsARegressionAndANewOneIsIncomparable() {
        let before = Self.analysis(id: 1, [("a", "cold", [10.0], "ok")])
        let after = Self.analysis(id: 2, [("a", "cold", [3.0], "failed"), ("b", "cold", [4.0], "ok")])
        let comparison = RunComparison(baseline: before, current: after, thresholdPercent: 10)
        #expect(comparison.cells.first { $0.strategy == "a" }?.verdict == .failed)
        #expect(comparison.cells.first { $0.strategy == "b" }?.verdict == .incomparable)
        #expect(comparison.regressions.map(\.strategy) == ["a"])
    }
}
