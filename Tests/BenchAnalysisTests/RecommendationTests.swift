import BenchAnalysis
import Foundation
import ResultStore
import Testing

@Suite struct RecommendationTests {
    let analysis = RunComparisonTests.analysis(id: 1, [
        ("naive", "cold", [40.0, 42.0], "ok"), ("naive", "no-change", [30.0, 31.0], "ok"), ("naive", "source-change", [28.0, 29.0], "ok"),
        ("inline", "cold", [30.0, 31.0], "ok"), ("inline", "no-change", [5.0, 6.0], "ok"), ("inline", "source-change", [25.0, 26.0], "ok"),
        ("per-stage", "cold", [50.0, 52.0], "ok"), ("per-stage", "no-change", [15.0, 16.0], "ok"),
        ("per-stage", "source-change", [15.0, 16.0], "ok"),
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

    @Test func overlappingIntervalsAreReported() {
        let noisy = RunComparisonTests.analysis(id: 2, [("a", "no-change", [10.0, 20.0], "ok"), ("b", "no-change", [12.0, 22.0], "ok")])
        #expect(Recommendation(analysis: noisy).indistinguishableFromBest.map(\.strategy) == ["b"])
        let clear = RunComparisonTests.analysis(id: 3, [("a", "no-change", [10.0, 10.1], "ok"), ("b", "no-change", [20.0, 20.1], "ok")])
        #expect(Recommendation(analysis: clear).indistinguishableFromBest.isEmpty)
    }
}
