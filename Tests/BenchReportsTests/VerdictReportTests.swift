@testable import BenchAnalysis
@testable import BenchReports
import Foundation
import ResultStore
import Testing

/// Runs built from (strategy, scenario, [(wall, status)]) cells, one iteration per entry.
enum VerdictSample {
    static func analysis(_ id: Int64, _ cells: [(String, String, [(Double, BuildStatus)])]) -> RunAnalysis {
        var builds: [BuildDetail] = []
        for (position, cell) in cells.enumerated() {
            for (i, entry) in cell.2.enumerated() {
                let record = BuildRecord(id: Int64(builds.count + 1), runId: id, strategy: cell.0, scenario: cell.1, iteration: i + 1,
                                         chainPosition: position, status: entry.1, wallSeconds: entry.0)
                builds.append(BuildDetail(build: record, phases: [], steps: []))
            }
        }
        let run = RunRecord(id: id, startedAt: Sample.started, project: "/p", dockerfile: "", engineVersions: [:], options: [:], host: "h")
        return RunAnalysis(run: run, builds: builds)
    }

    static func ok(_ walls: [Double]) -> [(Double, BuildStatus)] { walls.map { ($0, .ok) } }
}

@Suite struct ComparisonReportTests {
    /// naive: 3/3 ok at 60 s, then 2 failed and 1 ok at 58 s. inline: 100 s against [105, 118, 98, 125, 114]
    /// (t = 1.03, p = 0.362). x: 100 s against 112 s, one build each.
    @Test func countsTestsAndVerdicts() {
        let before = VerdictSample.analysis(1, [("naive", "cold", VerdictSample.ok([60, 60, 60])), ("inline", "cold", VerdictSample.ok([100])),
                                                ("x", "cold", VerdictSample.ok([100]))])
        let after = VerdictSample.analysis(2, [("naive", "cold", [(58, .ok), (3, .failed), (3, .failed)]),
                                               ("inline", "cold", VerdictSample.ok([105, 118, 98, 125, 114])), ("x", "cold", VerdictSample.ok([112]))])
        let text = ComparisonReport(format: .text).render(RunComparison(baseline: before, current: after, thresholdPercent: 10))
        #expect(text.contains("""
        strategy  scenario  baseline      ok/failed  current         ok/failed  change  test                            verdict
        naive     cold      60.0 s ± 0.0  3/0        58.0 s          1/2        -3.3%   prediction interval, p < 0.001  failed
        inline    cold      100.0 s       1/0        112.0 s ± 13.2  5/0        +12.0%  prediction interval, p = 0.362  unchanged
        x         cold      100.0 s       1/0        112.0 s         1/0        +12.0%  single builds: no interval      regression
        """))
        #expect(text.hasSuffix("2 regression(s): naive · cold failed 2 of 3 (baseline 0 of 3), x · cold +12.0%\n"))
        #expect(text.contains("single builds: no interval: one build on each side, so only the threshold decides"))
    }

    @Test func regressedStepIsNamed() {
        let step = StepComparison(stage: "build", instruction: "RUN go build", cached: false,
                                  comparison: SampleComparison(baseline: SampleStatistics([10.1, 10.3, 10.2])!,
                                                               current: SampleStatistics([15.2, 15.3, 15.2])!),
                                  adjustedP: 1.3e-6, regressed: true)
        #expect(ComparisonReport.step(step) == "RUN go build: +5.0 s, p < 0.001")
    }

    /// Runs measured with different engine storage: every format says so, and the text names both sides.
    @Test func differentSettingsAreAWarningInEveryFormat() {
        let before = VerdictSample.analysis(1, [("naive", "cold", VerdictSample.ok([60]))])
        var after = VerdictSample.analysis(2, [("naive", "cold", VerdictSample.ok([40]))])
        after.run.options = ["engineStorage": "memory"]
        let comparison = RunComparison(baseline: before, current: after, thresholdPercent: 10)
        let text = ComparisonReport(format: .text).render(comparison)
        #expect(text.contains("warning: the runs were measured with different settings (engine storage: disk → memory)"))
        #expect(ComparisonReport(format: .md).render(comparison).contains("engine storage: disk → memory"))
        #expect(ComparisonReport(format: .html).render(comparison).contains("engine storage: disk → memory"))
        #expect(ComparisonReport(format: .json).render(comparison).contains(#""settingsChanged" : ["#))
        let same = ComparisonReport(format: .text).render(RunComparison(baseline: before, current: before, thresholdPercent: 10))
        #expect(!same.contains("warning"))
    }

    @Test func theRunReportNamesMemoryStorageOnlyWhenUsed() {
        var analysis = VerdictSample.analysis(1, [("naive", "cold", VerdictSample.ok([60]))])
        #expect(!TextReport().render(analysis).contains("engine storage"))
        analysis.run.options["engineStorage"] = "memory"
        #expect(TextReport().render(analysis).contains("engine storage: memory (a tmpfs per engine)"))
        #expect(HTMLReport().render(analysis).contains("engine storage: memory"))
    }
}

@Suite struct RecommendationReportTests {
    /// The issue's example (hand computation in RecommendationTests) and a strategy that failed 4 of its 10 builds.
    @Test func rankingWithPairedTestAndFlakyStrategy() {
        let analysis = VerdictSample.analysis(4, [
            ("A", "no-change", VerdictSample.ok([10, 12, 11, 13, 9])), ("A", "source-change", VerdictSample.ok([30, 28, 31, 29, 32])),
            ("B", "no-change", VerdictSample.ok([14, 13, 16, 12, 15])), ("B", "source-change", VerdictSample.ok([33, 35, 32, 36, 34])),
            ("flaky", "no-change", VerdictSample.ok([5, 5, 5, 5, 5])),
            ("flaky", "source-change", [(2, .failed), (2, .failed), (8, .ok), (2, .failed), (2, .failed)]),
        ])
        let text = RecommendationReport(ci: .bash).render(Recommendation(analysis: analysis))
        #expect(text.contains("""
        rank  strategy  expected      failed         vs best (paired)   no-change  source-change
        1     A         20.5 s ± 0.6  0 of 10        -                  11.0 s     30.0 s
        2     B         24.0 s ± 0.4  0 of 10        +3.5 s, p < 0.001  14.0 s     34.0 s
        3     flaky     6.5 s         4 of 10 (40%)  -                  5.0 s      8.0 s
        """))
        #expect(text.contains("recommended: A, 20.5 s ± 0.6 per CI run\n"))
        #expect(text.contains("not recommended: flaky failed 4 of 10 (40%) builds (6.5 s on its successes); --allow-failures would consider it."))
        #expect(text.contains("A is faster than B by 3.5 s per CI run (paired t-test over 5 iterations, p < 0.001)."))
    }

    /// Paired differences b − a of [0.5, 2.5, -0.5, 1.5, 1.0]: p = 0.116; 12 iterations would show the 10 % difference.
    @Test func powerEstimateSentence() {
        let analysis = VerdictSample.analysis(6, [("a", "no-change", VerdictSample.ok([10, 10, 10, 10, 10])),
                                                  ("b", "no-change", VerdictSample.ok([10.5, 12.5, 9.5, 11.5, 11.0]))])
        let text = RecommendationReport(ci: .bash).render(Recommendation(analysis: analysis))
        #expect(text.contains("note: the paired t-test cannot tell b from a"))
        #expect(text.contains("Run 12 iterations to show a 10% difference (the one observed between a and b), at 80% power."))
    }
}

@Suite struct SpeedupSentenceTests {
    /// Figures from SpeedupTests (numpy/scipy): naive [20, 22, 18, 21] against per-stage [10, 11, 9.5].
    @Test func fasterWithInterval() throws {
        let analysis = VerdictSample.analysis(1, [("naive", "source-change", VerdictSample.ok([20, 22, 18, 21])),
                                                  ("per-stage", "source-change", VerdictSample.ok([10, 11, 9.5]))])
        let speedup = try #require(analysis.speedups(reference: "naive").first)
        #expect(Format.speedup(speedup) == "per-stage is 2.0x faster than naive on source-change (1.7x to 2.3x)")
        let reverse = try #require(analysis.speedups(reference: "per-stage").first)
        #expect(Format.speedup(reverse) == "naive is 2.0x slower than per-stage on source-change (1.7x to 2.3x)")
    }

    /// Geometric means ∛(10·14·12) = 11.89 and ∛(11·13·12) = 11.97: inline is a hair slower, well within the noise.
    @Test func unclearDifferenceIsSaidSo() throws {
        let analysis = VerdictSample.analysis(1, [("naive", "cold", VerdictSample.ok([10, 14, 12])),
                                                  ("inline", "cold", VerdictSample.ok([11, 13, 12]))])
        let text = Format.speedup(try #require(analysis.speedups(reference: "naive").first))
        #expect(text.hasPrefix("inline is 1.0x slower than naive on cold ("))
        #expect(text.hasSuffix(": not a clear difference)"))
    }

    @Test func countsSayTheyAreMeans() {
        var cell = CellSummary(strategy: "a", scenario: "s", wall: SampleStatistics([1, 2]), cachedSteps: 2.5, totalSteps: 6,
                               missedSteps: 0.5, missedSeconds: 1.3, builds: 2, failed: 0, unavailable: 0, firstError: nil)
        #expect(Format.steps(cell) == "2.5/6 cached, 0.5 missed (1.3 s of build steps), mean of 2")
        cell.wall = SampleStatistics([1])
        #expect(Format.steps(cell) == "2.5/6 cached, 0.5 missed (1.3 s of build steps)")
    }
}
