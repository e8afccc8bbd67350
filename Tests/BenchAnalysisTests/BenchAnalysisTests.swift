@testable import BenchAnalysis
import Foundation
import ResultStore
import Testing

func near(_ a: Double?, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}

@Suite struct SampleStatisticsTests {
    @Test func emptyIsNil() {
        #expect(SampleStatistics([]) == nil)
    }

    @Test func singleValueHasNoInterval() throws {
        let stats = try #require(SampleStatistics([4.5]))
        #expect(stats.count == 1)
        #expect(stats.mean == 4.5)
        #expect(stats.median == 4.5)
        #expect(stats.min == 4.5 && stats.max == 4.5)
        #expect(stats.standardDeviation == 0)
        #expect(stats.confidence95 == nil)
    }

    @Test func twoValues() throws {
        // mean 2, s = sqrt(((1-2)² + (3-2)²) / 1) = √2, half-width = t(1) · √2 / √2 = t(0.975; 1) = tan(0.475π) = 12.7062047...
        let stats = try #require(SampleStatistics([3, 1]))
        #expect(stats.mean == 2)
        #expect(stats.median == 2)
        #expect(near(stats.standardDeviation, 2.0.squareRoot()))
        #expect(near(stats.confidence95, 12.706204736174694, tolerance: 1e-9))
    }

    @Test func threeValues() throws {
        // mean 2, s = sqrt(2 / 2) = 1, half-width = t(0.975; 2) / √3 = 4.302652730 / √3 = 2.484137712
        // (df 2 has a closed form: t = q·√(2 / (1 − q²)) with q = 2p − 1 = 0.95)
        let stats = try #require(SampleStatistics([2, 3, 1]))
        #expect(stats.mean == 2)
        #expect(stats.median == 2)
        #expect(near(stats.standardDeviation, 1))
        #expect(near(stats.confidence95, 2.484137712, tolerance: 1e-8))
        #expect(stats.min == 1 && stats.max == 3)
    }

    @Test func fiveValues() throws {
        // mean 3.8, squared deviations 3.24+0.04+0.04+0.04+1.44 = 4.8, s² = 4.8/4 = 1.2,
        // half-width = t(0.975; 4) · √1.2 / √5 = 2.776445105 · 0.489897949 = 1.360174...
        let stats = try #require(SampleStatistics([4, 2, 5, 4, 4]))
        #expect(near(stats.mean, 3.8))
        #expect(stats.median == 4)
        #expect(near(stats.standardDeviation, 1.0954451150103321))
        #expect(near(stats.confidence95, 1.360174, tolerance: 1e-5))
    }

    @Test func medianOfEvenCountAveragesTheMiddleTwo() throws {
        #expect(try #require(SampleStatistics([4, 1, 3, 2])).median == 2.5)
        #expect(try #require(SampleStatistics([10, 1, 7, 2, 100, 3])).median == 5)
    }

    @Test func medianOfOddCountIsTheMiddle() throws {
        #expect(try #require(SampleStatistics([5, 1, 3])).median == 3)
    }

    @Test func criticalValuesBetweenTheOldTableRows() {
        // Published t(0.975) values (NIST/SEMATECH e-Handbook, table 1.3.6.7.2): df 35 is 2.030, not df 40's 2.021.
        #expect(abs(SampleStatistics.tCritical95(degreesOfFreedom: 35) - 2.030) < 0.0005)
        #expect(abs(SampleStatistics.tCritical95(degreesOfFreedom: 100) - 1.984) < 0.0005)
        #expect(abs(SampleStatistics.tCritical95(degreesOfFreedom: 1000) - 1.962) < 0.0005)
    }
}

func detail(_ strategy: String, _ scenario: String, iteration: Int = 1, position: Int, status: BuildStatus = .ok,
            wall: Double, cached: [Bool] = [false, false], error: String? = nil) -> BuildDetail {
    let build = BuildRecord(id: nil, runId: 1, strategy: strategy, scenario: scenario, iteration: iteration,
                            chainPosition: position, status: status, wallSeconds: wall, error: error,
                            startedAt: Date(timeIntervalSince1970: 1_800_000_000))
    var steps = [StepRecord(ordinal: 0, stage: "s", stepIndex: 1, stepOf: nil, instruction: "FROM x", cached: false, seconds: nil)]
    for (i, isCached) in cached.enumerated() {
        steps.append(StepRecord(ordinal: i + 1, stage: "s", stepIndex: i + 2, stepOf: nil, instruction: "RUN step\(i)",
                                cached: isCached, seconds: 1))
    }
    return BuildDetail(build: build, phases: [], steps: status == .unavailable ? [] : steps)
}

let analysisRun = RunRecord(id: 1, startedAt: Date(timeIntervalSince1970: 1_800_000_000), status: .failed,
                            project: "/p/hello-c", dockerfile: "", engineVersions: [:], options: [:], host: "h")

@Suite struct RunAnalysisTests {
    static let builds = [
        detail("naive", "cold", iteration: 1, position: 0, wall: 10),
        detail("per-stage", "cold", iteration: 1, position: 0, wall: 20),
        detail("naive", "source-change", iteration: 1, position: 1, wall: 6, cached: [true, false]),
        detail("per-stage", "source-change", iteration: 1, position: 1, status: .failed, wall: 3, error: "boom"),
        detail("naive", "cold", iteration: 2, position: 0, wall: 12),
        detail("per-stage", "cold", iteration: 2, position: 0, wall: 22),
        detail("naive", "source-change", iteration: 2, position: 1, wall: 8, cached: [true, true]),
        detail("per-stage", "source-change", iteration: 2, position: 1, wall: 4, cached: [true, false]),
        detail("registry-max", "cold", iteration: 1, position: 0, status: .unavailable, wall: 0,
               error: "unavailable: buildx missing"),
    ]

    @Test func orderOfStrategiesAndScenarios() {
        let analysis = RunAnalysis(run: analysisRun, builds: Self.builds)
        #expect(analysis.strategies == ["naive", "per-stage", "registry-max"])
        #expect(analysis.scenarios == ["cold", "source-change"])
        #expect(analysis.cells.map { "\($0.strategy)/\($0.scenario)" }
            == ["naive/cold", "naive/source-change", "per-stage/cold", "per-stage/source-change", "registry-max/cold"])
        #expect(analysis.iterations == 2)
        #expect(analysis.failedBuilds == 1)
    }

    @Test func scenariosFollowTheChainNotArrivalOrder() {
        let analysis = RunAnalysis(run: analysisRun, builds: [
            detail("a", "source-change", position: 2, wall: 1),
            detail("a", "no-change", position: 1, wall: 1),
            detail("a", "cold", position: 0, wall: 1),
        ])
        #expect(analysis.scenarios == ["cold", "no-change", "source-change"])
    }

    @Test func cellFigures() throws {
        let analysis = RunAnalysis(run: analysisRun, builds: Self.builds)
        let naiveCold = try #require(analysis.cell("naive", "cold"))
        #expect(naiveCold.wall?.mean == 11)
        #expect(naiveCold.wall?.count == 2)
        #expect(naiveCold.builds == 2 && naiveCold.failed == 0 && naiveCold.unavailable == 0)
        #expect(naiveCold.cachedSteps == 0 && naiveCold.totalSteps == 2)
        #expect(naiveCold.firstError == nil)

        let naiveSource = try #require(analysis.cell("naive", "source-change"))
        #expect(naiveSource.cachedSteps == 1.5)
        #expect(naiveSource.wall?.mean == 7)
    }

    @Test func failedBuildsAreCountedAndLeftOutOfTheTimings() throws {
        let analysis = RunAnalysis(run: analysisRun, builds: Self.builds)
        let cell = try #require(analysis.cell("per-stage", "source-change"))
        #expect(cell.builds == 2)
        #expect(cell.failed == 1)
        #expect(cell.wall?.count == 1)
        #expect(cell.wall?.mean == 4)
        #expect(cell.cachedSteps == 1)
        #expect(cell.firstError == "boom")
    }

    @Test func unavailableCell() throws {
        let analysis = RunAnalysis(run: analysisRun, builds: Self.builds)
        let cell = try #require(analysis.cell("registry-max", "cold"))
        #expect(cell.unavailable == 1 && cell.failed == 0)
        #expect(cell.wall == nil)
        #expect(cell.cachedSteps == 0 && cell.totalSteps == 0)
        #expect(cell.firstError == "unavailable: buildx missing")
        #expect(analysis.cell("registry-max", "source-change") == nil)
    }

    @Test func emptyRun() {
        let analysis = RunAnalysis(run: analysisRun, builds: [])
        #expect(analysis.cells.isEmpty && analysis.strategies.isEmpty && analysis.iterations == 0)
    }
}

@Suite struct ListedOrderTests {
    @Test func shuffledRunKeepsTheListedStrategyOrder() {
        var run = analysisRun
        run.options = ["strategies": "naive,per-stage,inline", "order": "shuffled", "seed": "42"]
        let analysis = RunAnalysis(run: run, builds: [
            detail("inline", "cold", position: 0, wall: 1), detail("naive", "cold", position: 0, wall: 1),
            detail("per-stage", "cold", position: 0, wall: 1), detail("custom", "cold", position: 0, wall: 1),
        ])
        #expect(analysis.strategies == ["naive", "per-stage", "inline", "custom"])
    }
}
