import BenchAnalysis
import Foundation
import ResultStore
import Testing

@Suite struct RecommendationTests {
    let analysis = RunComparisonTests.analysis(id: 1, [
        ("naive", "cold", [40.0, 42.0], .ok), ("naive", "no-change", [30.0, 31.0], .ok), ("naive", "source-change", [28.0, 29.0], .ok),
        ("inline", "cold", [30.0, 31.0], .ok), ("inline", "no-change", [5.0, 6.0], .ok), ("inline", "source-change", [25.0, 26.0], .ok),
        ("per-stage", "cold", [50.0, 52.0], .ok), ("per-stage", "no-change", [15.0, 16.0], .ok),
        ("per-stage", "source-change", [15.0, 16.0], .ok),
    ])

    @Test func equalWeightsLeaveColdOut() {
        let recommendation = Recommendation(analysis: analysis)
        #expect(recommendation.weights == ["no-change": 1, "source-change": 1])
        // inline (5.5 + 25.5) / 2 = 15.5, per-stage (15.5 + 15.5) / 2 = 15.5, naive (30.5 + 28.5) / 2 = 29.5.
        #expect(recommendation.ranking.map(\.strategy).last == "naive")
        #expect(recommendation.ranking.last?.expectedSeconds == 29.5)
        #expect(recommendation.best?.expectedSeconds == 15.5)
    }

    @Test func weightsChangeTheWinner() throws {
        let mostlySource = Recommendation(analysis: analysis, weights: ["source-change": 9, "no-change": 1])
        #expect(mostlySource.best?.strategy == "per-stage")
        let mostlyNothing = Recommendation(analysis: analysis, weights: ["source-change": 1, "no-change": 9])
        #expect(mostlyNothing.best?.strategy == "inline")
        let expected = try #require(mostlyNothing.best?.expectedSeconds)
        #expect(abs(expected - (5.5 * 9 + 25.5) / 10) < 1e-9)
    }

    @Test func strategiesMissingAWeightedScenarioAreNotRanked() {
        let recommendation = Recommendation(analysis: analysis, weights: ["dependency-change": 1])
        #expect(recommendation.ranking.isEmpty)
        #expect(recommendation.excluded.count == 3)
        #expect(recommendation.excluded[0].reason == "no successful build in dependency-change")
    }

    @Test func parseWeights() {
        #expect(Recommendation.parseWeights("no-change=3, source-change=1") == ["no-change": 3, "source-change": 1])
        #expect(Recommendation.parseWeights("no-change") == nil)
        #expect(Recommendation.parseWeights("no-change=-1") == nil)
        #expect(Recommendation.parseWeights("") == nil)
    }

    /// Strategy b is 2 s slower than a in every iteration, while both swing by 10 s from one iteration to the next:
    /// the intervals overlap, but the paired differences [2, 2] have no spread at all.
    @Test func pairingRemovesTheDriftSharedByTheStrategies() {
        let drift = RunComparisonTests.analysis(id: 2, [("a", "no-change", [10.0, 20.0], .ok), ("b", "no-change", [12.0, 22.0], .ok)])
        let recommendation = Recommendation(analysis: drift)
        #expect(recommendation.indistinguishableFromBest.isEmpty)
        #expect(recommendation.ranking[1].versusBest?.p == 0)
        // Differences [2, -2, 1]: mean 1/3, s = 2.0817, t = 0.277 (df 2): not separated.
        let noisy = RunComparisonTests.analysis(id: 3, [("a", "no-change", [10.0, 20.0, 15.0], .ok), ("b", "no-change", [12.0, 18.0, 16.0], .ok)])
        #expect(Recommendation(analysis: noisy).indistinguishableFromBest.map(\.strategy) == ["b"])
    }

    /// The issue's example, equal weights. E_k(A) = [20, 20, 21, 21, 20.5], E_k(B) = [23.5, 24, 24, 24, 24.5].
    /// A: mean 20.5, s_E = √(0.75/4) = 0.4330, half-width t(0.975; 4)·s_E/√5 = 2.7764451·0.4330127/2.2360680 = 0.620832.
    /// B − A = [3.5, 4, 3, 3, 4]: mean 3.5, s = 0.5, t = 15.6525, df 4, p = 9.7296e-05 (scipy 1.17.1 ttest_rel).
    @Test func issueExampleIsSeparatedByThePairedTest() throws {
        let analysis = RunComparisonTests.analysis(id: 4, [
            ("A", "no-change", [10.0, 12, 11, 13, 9], .ok), ("A", "source-change", [30.0, 28, 31, 29, 32], .ok),
            ("B", "no-change", [14.0, 13, 16, 12, 15], .ok), ("B", "source-change", [33.0, 35, 32, 36, 34], .ok),
        ])
        let recommendation = Recommendation(analysis: analysis)
        let best = try #require(recommendation.best)
        #expect(best.strategy == "A")
        #expect(best.perIteration == [1: 20, 2: 20, 3: 21, 4: 21, 5: 20.5])
        #expect(abs(best.expectedSeconds - 20.5) < 1e-12)
        #expect(abs((best.confidence95 ?? 0) - 0.620831999101882) < 1e-8)
        let other = recommendation.ranking[1]
        #expect(abs((other.versusBest?.t ?? 0) - 15.652475842498529) < 1e-9)
        #expect(abs((other.versusBest?.p ?? 0) - 9.729555939406857e-05) < 1e-10)
        #expect(abs((other.differenceFromBest ?? 0) - 3.5) < 1e-12)
        #expect(recommendation.indistinguishableFromBest.isEmpty)
        #expect(recommendation.power == nil)
    }

    /// "flaky" is fastest on its single source-change success but failed 4 of its 5 source-change builds.
    @Test func aFlakyStrategyIsShownButNotRecommended() throws {
        var builds = RunComparisonTests.analysis(id: 5, [
            ("steady", "no-change", [10.0, 11, 10, 11, 10], .ok), ("steady", "source-change", [20.0, 21, 20, 22, 21], .ok),
            ("flaky", "no-change", [5.0, 5, 5, 5, 5], .ok),
        ]).builds
        for iteration in 1...5 {
            let record = BuildRecord(id: Int64(100 + iteration), runId: 5, strategy: "flaky", scenario: "source-change",
                                     iteration: iteration, chainPosition: 3, status: iteration == 3 ? .ok : .failed,
                                     wallSeconds: iteration == 3 ? 8 : 2)
            builds.append(BuildDetail(build: record, phases: [], steps: []))
        }
        let analysis = RunAnalysis(run: RunRecord(id: 5, project: "/p", dockerfile: "", engineVersions: [:], options: [:], host: "h"),
                                   builds: builds)
        let strict = Recommendation(analysis: analysis)
        #expect(strict.best?.strategy == "steady")
        let flaky = try #require(strict.ranking.first { $0.strategy == "flaky" })
        #expect(flaky.failedBuilds == 4 && flaky.builds == 10)
        #expect(abs(flaky.failureRate - 0.4) < 1e-12)
        #expect(flaky.perIteration == [3: 6.5])  // (5 + 8) / 2, the only iteration where both scenarios succeeded
        #expect(flaky.confidence95 == nil)
        #expect(strict.indistinguishableFromBest.isEmpty)
        let allowed = Recommendation(analysis: analysis, allowFailures: true)
        #expect(allowed.best?.strategy == "flaky")
    }

    /// Differences [0.5, 2.5, -0.5, 1.5, 1.0] (b − a): mean 1.0, s = √1.25, paired p = 0.116 (scipy): not separated.
    /// The smallest n with (t(0.975; n−1) + t(0.80; n−1))·√1.25/√n ≤ 1 is 12 (0.99294; n = 11 gives 1.04744), by scipy.
    @Test func powerEstimateForLeadersThatCannotBeToldApart() throws {
        let analysis = RunComparisonTests.analysis(id: 6, [
            ("a", "no-change", [10.0, 10, 10, 10, 10], .ok), ("b", "no-change", [10.5, 12.5, 9.5, 11.5, 11.0], .ok),
        ])
        let recommendation = Recommendation(analysis: analysis)
        #expect(abs((recommendation.ranking[1].versusBest?.p ?? 0) - 0.11611652351681556) < 1e-9)
        let power = try #require(recommendation.power)
        #expect(power.strategy == "b")
        #expect(power.iterations == 12)
        #expect(abs(power.differencePercent - 10) < 1e-9)
        #expect(Recommendation.iterationsNeeded(difference: 0, standardDeviation: 1) == nil)
    }
}
