import BenchAnalysis
import Foundation
import ResultStore
import Testing

@Suite struct RunComparisonTests {
    static func analysis(id: Int64, _ cells: [(strategy: String, scenario: String, walls: [Double], status: BuildStatus)]) -> RunAnalysis {
        let run = RunRecord(id: id, project: "/p", dockerfile: "", engineVersions: [:], options: [:], host: "h")
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
        let before = Self.analysis(id: 1, [("inline", "no-change", [10.0, 10.2, 9.8], .ok)])
        let after = Self.analysis(id: 2, [("inline", "no-change", [14.0, 14.2, 13.8], .ok)])
        let comparison = RunComparison(baseline: before, current: after, thresholdPercent: 10)
        #expect(comparison.cells.count == 1)
        #expect(comparison.cells[0].verdict == .regression)
        #expect(abs((comparison.cells[0].changePercent ?? 0) - 40) < 0.001)
        #expect(comparison.regressions.count == 1)
    }

    @Test func slowerButWithinNoiseIsUnchanged() {
        // +20 % on the mean, but the samples overlap widely: Welch's t-test does not separate them.
        let before = Self.analysis(id: 1, [("naive", "cold", [10.0, 20.0], .ok)])
        let after = Self.analysis(id: 2, [("naive", "cold", [12.0, 24.0], .ok)])
        #expect(RunComparison(baseline: before, current: after, thresholdPercent: 10).cells[0].verdict == .unchanged)
    }

    @Test func belowThresholdIsUnchangedAndFasterIsAnImprovement() {
        let before = Self.analysis(id: 1, [("a", "cold", [10.0], .ok), ("b", "cold", [10.0], .ok)])
        let after = Self.analysis(id: 2, [("a", "cold", [10.5], .ok), ("b", "cold", [5.0], .ok)])
        let cells = RunComparison(baseline: before, current: after, thresholdPercent: 10).cells
        #expect(cells.map(\.verdict) == [.unchanged, .improvement])
    }

    @Test func aCellThatNowFailsIsARegressionAndANewOneIsIncomparable() {
        let before = Self.analysis(id: 1, [("a", "cold", [10.0], .ok)])
        let after = Self.analysis(id: 2, [("a", "cold", [3.0], .failed), ("b", "cold", [4.0], .ok)])
        let comparison = RunComparison(baseline: before, current: after, thresholdPercent: 10)
        #expect(comparison.cells.first { $0.strategy == "a" }?.verdict == .failed)
        #expect(comparison.cells.first { $0.strategy == "b" }?.verdict == .incomparable)
        #expect(comparison.regressions.map(\.strategy) == ["a"])
    }

    @Test func settingsThatChangeBuildTimesAreNamedWhenTheyDiffer() {
        var before = Self.analysis(id: 1, [("a", "cold", [10.0], .ok)])
        var after = Self.analysis(id: 2, [("a", "cold", [5.0], .ok)])
        before.run.options = ["packageCache": "on: builds' http downloads served by the run's caching proxy", "engines": "docker-26.1"]
        after.run.options = ["packageCache": "on: other traffic text", "engines": "docker-26.1", "engineStorage": "memory"]
        #expect(RunComparison(baseline: before, current: after, thresholdPercent: 10).settingsChanged
                == ["engine storage: disk → memory"])
        after.run.options["packageCache"] = "off: builds download from the internet"
        after.run.options["network"] = "office"
        #expect(RunComparison(baseline: before, current: after, thresholdPercent: 10).settingsChanged
                == ["engine storage: disk → memory", "package cache: on → off", "network: unthrottled → office"])
        #expect(RunComparison(baseline: before, current: before, thresholdPercent: 10).settingsChanged.isEmpty)
        // An ingested CI log has no settings of cachebench's to differ in.
        after.run.status = .ingested
        #expect(RunComparison(baseline: before, current: after, thresholdPercent: 10).settingsChanged.isEmpty)
    }
}

/// Cells whose builds differ in status, and builds that carry steps.
enum ComparisonFixture {
    static func run(_ id: Int64) -> RunRecord {
        RunRecord(id: id, project: "/p", dockerfile: "", engineVersions: [:], options: [:], host: "h")
    }

    static func build(_ id: Int64, _ iteration: Int, _ wall: Double, status: BuildStatus = .ok,
                      steps: [(String, Bool, Double)] = []) -> BuildDetail {
        let record = BuildRecord(id: Int64(iteration), runId: id, strategy: "per-stage", scenario: "source-change",
                                 iteration: iteration, chainPosition: 1, status: status, wallSeconds: wall)
        let stepRecords = steps.enumerated().map { i, step in
            StepRecord(ordinal: i, stage: "build", stepIndex: i + 2, stepOf: nil, instruction: step.0, cached: step.1, seconds: step.2)
        }
        return BuildDetail(build: record, phases: [], steps: stepRecords)
    }

    static func analysis(_ id: Int64, _ builds: [BuildDetail]) -> RunAnalysis { RunAnalysis(run: run(id), builds: builds) }
}

@Suite struct CompareVerdictTests {
    /// The example: 3/3 ok at 60 s, then 2 failed and 1 ok at 58 s. The failure rate rose from 0 to 2/3.
    @Test func partialFailuresAreARegression() throws {
        let before = ComparisonFixture.analysis(1, (1...3).map { ComparisonFixture.build(1, $0, 60) })
        let after = ComparisonFixture.analysis(2, [ComparisonFixture.build(2, 1, 3, status: .failed),
                                                   ComparisonFixture.build(2, 2, 58),
                                                   ComparisonFixture.build(2, 3, 4, status: .failed)])
        let comparison = RunComparison(baseline: before, current: after, thresholdPercent: 10)
        let cell = try #require(comparison.cells.first)
        #expect(cell.baselineCounts == .init(ok: 3, failed: 0))
        #expect(cell.currentCounts == .init(ok: 1, failed: 2))
        #expect(cell.verdict == .failed)
        #expect(comparison.regressions.count == 1)
    }

    @Test func fewerFailuresAreNotARegression() throws {
        let before = ComparisonFixture.analysis(1, [ComparisonFixture.build(1, 1, 60, status: .failed), ComparisonFixture.build(1, 2, 60)])
        let after = ComparisonFixture.analysis(2, [ComparisonFixture.build(2, 1, 60), ComparisonFixture.build(2, 2, 60)])
        #expect(RunComparison(baseline: before, current: after, thresholdPercent: 10).cells.first?.verdict == .unchanged)
    }

    /// 100 s (n = 1) against [105, 118, 98, 125, 114]: +12 % is beyond the threshold, but the prediction interval
    /// gives t = 1.03, p = 0.362 (hand computation in StudentTTests): no regression.
    @Test func oneAgainstFiveUsesThePredictionInterval() throws {
        let before = RunComparisonTests.analysis(id: 1, [("naive", "cold", [100.0], .ok)])
        let after = RunComparisonTests.analysis(id: 2, [("naive", "cold", [105.0, 118, 98, 125, 114], .ok)])
        let cell = try #require(RunComparison(baseline: before, current: after, thresholdPercent: 10).cells.first)
        #expect(abs((cell.changePercent ?? 0) - 12) < 1e-9)
        #expect(cell.wall?.test == .predictionInterval)
        #expect(abs((cell.wall?.p ?? 0) - 0.3619491368567432) < 1e-9)
        #expect(cell.verdict == .unchanged)
        // The other way round (a new CI build far outside five baseline builds) is a regression.
        let slow = RunComparisonTests.analysis(id: 3, [("naive", "cold", [160.0], .ok)])
        let reverse = try #require(RunComparison(baseline: after, current: slow, thresholdPercent: 10).cells.first)
        #expect(reverse.wall?.test == .predictionInterval)
        #expect(reverse.verdict == .regression)
    }

    @Test func oneAgainstOneUsesTheThresholdAndSaysSo() throws {
        let before = RunComparisonTests.analysis(id: 1, [("naive", "cold", [100.0], .ok)])
        let after = RunComparisonTests.analysis(id: 2, [("naive", "cold", [112.0], .ok)])
        let cell = try #require(RunComparison(baseline: before, current: after, thresholdPercent: 10).cells.first)
        #expect(cell.wall?.test == .singleBuilds)
        #expect(cell.wall?.test.rawValue == "single builds: no interval")
        #expect(cell.wall?.p == nil)
        #expect(cell.verdict == .regression)
    }

    /// A `sleep 5` in the compile step: the builds ([30, 40, 35] → [44, 36, 40], +14 %, Welch p = 0.25 by scipy) hide it;
    /// the step ([10.1, 10.3, 10.2] → [15.2, 15.3, 15.1], Welch t = 61.2, p = 4.26e-07 by scipy) does not.
    /// Three steps are tested (the cached COPY too, 0 s on both sides), and it has the smallest p, so its
    /// Benjamini-Hochberg q is 3 · 4.2590920871647665e-07.
    @Test func stepRegressionHiddenByBuildNoise() throws {
        let base: [(Double, Double, Double)] = [(30, 10.1, 20), (40, 10.3, 24), (35, 10.2, 22)]
        let now: [(Double, Double, Double)] = [(44, 15.2, 20.5), (36, 15.3, 24), (40, 15.1, 21)]
        let steps = { (row: (Double, Double, Double)) in
            [("COPY go.mod .", true, 0.0), ("RUN apt-get update", false, row.2), ("RUN go build", false, row.1)]
        }
        let before = ComparisonFixture.analysis(1, base.enumerated().map { ComparisonFixture.build(1, $0 + 1, $1.0, steps: steps($1)) })
        let after = ComparisonFixture.analysis(2, now.enumerated().map { ComparisonFixture.build(2, $0 + 1, $1.0, steps: steps($1)) })
        let comparison = RunComparison(baseline: before, current: after, thresholdPercent: 10)
        let cell = try #require(comparison.cells.first)
        #expect(abs((cell.wall?.p ?? 0) - 0.250797227484261) < 1e-6)
        #expect(cell.verdict == .stepRegression)
        #expect(cell.regressedSteps.map(\.instruction) == ["RUN go build"])
        let step = try #require(cell.regressedSteps.first)
        #expect(abs(step.comparison.deltaSeconds - 5) < 1e-9)
        #expect(abs((step.adjustedP ?? 1) - 3 * 4.2590920871647665e-07) < 1e-12)
        #expect(cell.steps.map(\.instruction) == ["COPY go.mod .", "RUN apt-get update", "RUN go build"])
        #expect(comparison.regressions.count == 1)
    }

    /// One step out of thirty moves with raw p = 0.0213 (Welch, [10, 10.5, 11] → [11.5, 12, 12.5], scipy): alone it is
    /// flagged, among thirty tested steps its q = 0.0213 · 30 = 0.64 is not.
    @Test func thirtyStepsDoNotRaiseARoutineFalseAlarm() throws {
        func analysis(_ id: Int64, _ moving: [Double], others: Int) -> RunAnalysis {
            ComparisonFixture.analysis(id, moving.enumerated().map { i, seconds in
                let fixed = (0..<others).map { ("RUN step \($0)", false, 1.0 + Double(i) * 0.1) }
                return ComparisonFixture.build(id, i + 1, 50, steps: [("RUN make", false, seconds)] + fixed)
            })
        }
        let alone = RunComparison(baseline: analysis(1, [10, 10.5, 11], others: 0), current: analysis(2, [11.5, 12, 12.5], others: 0),
                                  thresholdPercent: 10)
        #expect(alone.cells.first?.verdict == .stepRegression)
        let many = RunComparison(baseline: analysis(1, [10, 10.5, 11], others: 29), current: analysis(2, [11.5, 12, 12.5], others: 29),
                                 thresholdPercent: 10)
        let step = try #require(many.cells.first?.steps.first)
        #expect(abs((step.comparison.p ?? 0) - 0.021311641128756713) < 1e-9)
        #expect(abs((step.adjustedP ?? 0) - 0.021311641128756713 * 30) < 1e-9)
        #expect(many.cells.first?.verdict == .unchanged)
    }

    /// 0.1 s every time, then 0.2 s every time: no spread, so p ≈ 0 and +100 %, but one tick of the engine's clock.
    @Test func aTickOfTheStepClockIsNotARegression() throws {
        let before = ComparisonFixture.analysis(1, (1...3).map { ComparisonFixture.build(1, $0, 50, steps: [("WORKDIR /src", false, 0.1)]) })
        let after = ComparisonFixture.analysis(2, (1...3).map { ComparisonFixture.build(2, $0, 50, steps: [("WORKDIR /src", false, 0.2)]) })
        let cell = try #require(RunComparison(baseline: before, current: after, thresholdPercent: 10).cells.first)
        #expect((cell.steps.first?.comparison.p ?? 1) < 1e-6)
        #expect(cell.regressedSteps.isEmpty)
        #expect(cell.verdict == .unchanged)
    }

    @Test func cachedStepsAreNotComparedWithRebuiltOnes() throws {
        let before = ComparisonFixture.analysis(1, (1...2).map { ComparisonFixture.build(1, $0, 50, steps: [("RUN make", true, 0)]) })
        let after = ComparisonFixture.analysis(2, (1...2).map { ComparisonFixture.build(2, $0, 50, steps: [("RUN make", false, 9)]) })
        let cell = try #require(RunComparison(baseline: before, current: after, thresholdPercent: 10).cells.first)
        #expect(cell.steps.isEmpty)
        #expect(cell.verdict == .unchanged)
    }
}
