import BenchAnalysis
import Foundation
import ResultStore
import Testing

/// Whether the predicted winner is the measured winner among the measured strategies, with `recommend`'s paired test.
@Suite struct RecommendationCheckTests {
    /// Measured: inline E_k = [(5 + 25)/2, (6 + 26)/2] = [15, 16], naive [(30 + 28)/2, (31 + 29)/2] = [29, 30];
    /// naive − inline = [14, 14]: no spread, so the paired test separates them (p = 0).
    let measured = RunComparisonTests.analysis(id: 2, [
        ("naive", "cold", [40.0, 42.0], .ok), ("naive", "no-change", [30.0, 31.0], .ok), ("naive", "source-change", [28.0, 29.0], .ok),
        ("inline", "cold", [30.0, 31.0], .ok), ("inline", "no-change", [5.0, 6.0], .ok), ("inline", "source-change", [25.0, 26.0], .ok),
    ])

    func cells(_ seconds: [String: Double]) -> [PredictedCell] {
        seconds.flatMap { strategy, value in
            ["cold", "no-change", "source-change"].map {
                PredictedCell(strategy: strategy, scenario: $0, network: "local", steps: value, overhead: 0, pulls: 0,
                              extraction: 0, pushes: 0, interval: 1)
            }
        }
    }

    @Test func theRecommendationHeld() throws {
        let check = try #require(RecommendationCheck(cells: cells(["inline": 10, "naive": 20, "per-stage": 5]), link: "local",
                                                     analysis: measured))
        // per-stage was predicted fastest overall but not measured: only the measured strategies are compared.
        #expect(check.strategies == ["inline", "naive"])
        #expect(check.verdict == .held)
        #expect(check.predictedWinner == "inline" && check.measuredWinner == "inline")
        #expect(check.measuredSeconds == 15.5)
        #expect(check.testedAgainst == "naive")
        #expect(check.test?.p == 0)
        #expect(check.sentence == "recommendation check: held: inline predicted fastest on local (10.0 s per CI run); measured fastest "
                + "among inline, naive: inline (15.5 s); paired t-test against the runner-up naive: p = 0")
    }

    @Test func theRecommendationDidNotHold() throws {
        let check = try #require(RecommendationCheck(cells: cells(["inline": 20, "naive": 10]), link: "local", analysis: measured))
        #expect(check.verdict == .didNotHold)
        #expect(check.predictedWinner == "naive" && check.measuredWinner == "inline")
        #expect(check.predictedWinnerMeasuredSeconds == 29.5)
        #expect(check.sentence.hasPrefix("recommendation check: did not hold: naive predicted fastest on local (10.0 s per CI run); "
                                         + "measured fastest among inline, naive: inline (15.5 s), naive measured 29.5 s; "
                                         + "paired t-test of naive against inline: p = 0"))
    }

    /// One iteration: no paired test, so a different measured winner is not shown to beat the predicted one.
    @Test func oneIterationCannotShowIt() throws {
        let once = RunComparisonTests.analysis(id: 3, [("a", "no-change", [10.0], .ok), ("b", "no-change", [12.0], .ok)])
        let check = try #require(RecommendationCheck(cells: [
            PredictedCell(strategy: "a", scenario: "no-change", network: "local", steps: 9, overhead: 0, pulls: 0, extraction: 0,
                          pushes: 0, interval: 1),
            PredictedCell(strategy: "b", scenario: "no-change", network: "local", steps: 8, overhead: 0, pulls: 0, extraction: 0,
                          pushes: 0, interval: 1),
        ], link: "local", analysis: once))
        #expect(check.verdict == .undecided)
        #expect(check.test == nil)
        #expect(check.sentence.hasSuffix("; no paired test of b against a: fewer than two iterations"))
    }

    /// b − a = [2, −2, 1]: mean 1/3, s = 2.0817, t = 0.277 on 2 df, p = 0.81: b predicted fastest, a measured
    /// fastest, but the test cannot tell them apart.
    @Test func aNoisyDifferenceIsNotShown() throws {
        let noisy = RunComparisonTests.analysis(id: 4, [("a", "no-change", [10.0, 20.0, 15.0], .ok),
                                                         ("b", "no-change", [12.0, 18.0, 16.0], .ok)])
        let check = try #require(RecommendationCheck(cells: [
            PredictedCell(strategy: "a", scenario: "no-change", network: "local", steps: 9, overhead: 0, pulls: 0, extraction: 0,
                          pushes: 0, interval: 1),
            PredictedCell(strategy: "b", scenario: "no-change", network: "local", steps: 8, overhead: 0, pulls: 0, extraction: 0,
                          pushes: 0, interval: 1),
        ], link: "local", analysis: noisy))
        #expect(check.verdict == .undecided)
        #expect(check.measuredWinner == "a")
        #expect(check.test.map { $0.p > 0.05 } == true)
    }
}
