import BenchAnalysis
import Foundation
import ResultStore
import Testing

/// The interval of a prediction: relative spreads pooled from history, variances summed over independent terms,
/// Welch–Satterthwaite degrees of freedom and Student's t. Expected values are hand computations; t quantiles are
/// the published two-sided 95 % table values (t(0.975; 8) = 2.306, t(0.975; 16) = 2.120, z = 1.960), to the
/// table's three decimals.
@Suite struct PredictionSpreadTests {
    /// [9, 10, 11] (mean 10: relative deviations −0.1, 0, 0.1) and [20, 24] (mean 22: ∓1/11), pooled:
    /// (0.02 + 2/121) / (2 + 1) = 0.0121763, √ = 0.1103463 on 3 degrees of freedom, from 5 values.
    @Test func pooledRelativeSpread() throws {
        let pooled = try #require(SpreadEstimate.pooled([[9, 10, 11], [20, 24]]))
        #expect(abs(pooled.variation - 0.1103463) < 1e-6)
        #expect(pooled.degreesOfFreedom == 3)
        #expect(pooled.samples == 5)
        #expect(!pooled.assumed)
        // A single value, or a group whose mean is 0, has no spread to give.
        #expect(SpreadEstimate.pooled([[5], [0, 0]]) == nil)
        #expect(SpreadEstimate.pooled([]) == nil)
    }

    @Test func welchSatterthwaiteAndStudentT() {
        // Two terms of variance 4, each on 4 df: ν = 8² / (4²/4 + 4²/4) = 8; half-width t(0.975; 8)·√8 = 2.306·2.828 = 6.522.
        let two = [IntervalTerm(variance: 4, degreesOfFreedom: 4), IntervalTerm(variance: 4, degreesOfFreedom: 4)]
        #expect(PredictionInterval.degreesOfFreedom(two) == 8)
        #expect(abs(PredictionInterval.halfWidth(two) - 2.306 * 8.0.squareRoot()) < 0.001 * 8.0.squareRoot())
        // One term on 16 df: t(0.975; 16) = 2.120.
        let one = [IntervalTerm(variance: 9, degreesOfFreedom: 16)]
        #expect(abs(PredictionInterval.halfWidth(one) - 2.120 * 3) < 0.001 * 3)
        // A known variance (no sample behind it): the normal quantile 1.960.
        let known = [IntervalTerm(variance: 1, degreesOfFreedom: .infinity)]
        #expect(PredictionInterval.degreesOfFreedom(known) == .infinity)
        #expect(abs(PredictionInterval.halfWidth(known) - 1.960) < 0.001)
        // Nothing varies: no interval.
        #expect(PredictionInterval.halfWidth([IntervalTerm(variance: 0, degreesOfFreedom: 3)]) == 0)
    }

    let zero = MachineRates(buildCommandSeconds: 0, pullCommandSeconds: 0, extractionBytesPerSecond: 0,
                            pushCommandSeconds: 0, pushBytesPerSecond: 0)
    let local = Link(name: "local", bytesPerSecond: nil, latency: 0)

    /// Steps a (3.0 s, CV 10 % on 4 df) and b (6.0 s, CV 5 % on 4 df), nothing else local:
    /// each term 2·(cv·x)² = 2·0.3² = 0.18 (the calibration's one measurement and the build predicted both vary),
    /// V = 0.36, ν = 0.36² / (2·0.18²/4) = 8, half-width t(0.975; 8)·√0.36 = 2.306·0.6 = 1.384.
    @Test func intervalFromEachStepsOwnHistory() {
        let work = CellWork(strategy: "naive", scenario: "source-change", builder: "legacy",
                            rebuiltSteps: [.init(label: "L|s#1 RUN a", seconds: 3.0, spreadKey: "s RUN a"),
                                           .init(label: "L|s#2 RUN b", seconds: 6.0, spreadKey: "s RUN b")], buildCommands: 0)
        let spread = PredictionSpread(steps: ["s RUN a": SpreadEstimate(variation: 0.10, degreesOfFreedom: 4, samples: 5),
                                              "s RUN b": SpreadEstimate(variation: 0.05, degreesOfFreedom: 4, samples: 5)],
                                      builds: 7)
        let cell = PredictionModel.predict(work, rates: zero, link: local, spread: spread)
        #expect(abs(cell.interval - 2.306 * 0.6) < 0.001 * 0.6)
        #expect(cell.intervalSource == "spread from 7 stored builds on this machine")
    }

    /// The same steps, each the mean of two calibration builds (two builders of one family ran it): the build
    /// predicted is one more draw, so each term is (1 + 1/2)·(cv·x)² = 1.5·0.09 = 0.135, V = 0.27,
    /// ν = 0.27² / (2·0.135²/4) = 8, half-width t(0.975; 8)·√0.27 = 2.306·0.519615 = 1.198.
    @Test func aStepMeasuredTwiceHasANarrowerInterval() {
        let work = CellWork(strategy: "naive", scenario: "source-change", builder: "buildkit",
                            rebuiltSteps: [.init(label: "K|s#1 RUN a", seconds: 3.0, spreadKey: "s RUN a", draws: 2),
                                           .init(label: "K|s#2 RUN b", seconds: 6.0, spreadKey: "s RUN b", draws: 2)], buildCommands: 0)
        let spread = PredictionSpread(steps: ["s RUN a": SpreadEstimate(variation: 0.10, degreesOfFreedom: 4, samples: 5),
                                              "s RUN b": SpreadEstimate(variation: 0.05, degreesOfFreedom: 4, samples: 5)],
                                      builds: 7)
        let cell = PredictionModel.predict(work, rates: zero, link: local, spread: spread)
        #expect(abs(cell.interval - 2.306 * 0.27.squareRoot()) < 0.001 * 0.27.squareRoot())
    }

    /// No history: steps 3.0 and 5.5 s both take the stated default, CV 29.8 % on 16 df, as one estimate:
    /// V = 2·0.298²·(3.0² + 5.5²) = 2·0.088804·39.25 = 6.971114, √V = 2.640287, t(0.975; 16) = 2.120: ±5.597.
    @Test func noHistoryTakesTheStatedDefault() {
        let work = CellWork(strategy: "naive", scenario: "cold", builder: "legacy",
                            rebuiltSteps: [.init(label: "a", seconds: 3.0), .init(label: "b", seconds: 5.5)], buildCommands: 0)
        let cell = PredictionModel.predict(work, rates: zero, link: local, spread: PredictionSpread())
        #expect(abs(cell.interval - 2.120 * 2.640287) < 0.001 * 2.640287)
        #expect(cell.intervalSource == "no history: assumed CV 29.8%")
    }

    /// Step a has history (CV 10 % on 4 df), step b and the push do not; overhead (CV 20 % on 2 df) and pulls
    /// (CV 5 % on 9 df) do. Rates: t_build 1.5 s × 2 commands = 3.0; pulling 0.4 + 50 MB / 100 MB/s = 0.9;
    /// pushing 0.6 + 20 MB / 40 MB/s = 1.1. Variances: a 2·0.3² = 0.18 (4 df); overhead 2·0.6² = 0.72 (2 df);
    /// pulls 2·0.045² = 0.00405 (9 df); b and the push share the default: 2·0.298²·(5.5² + 1.1²) = 5.5875477 (16 df).
    /// V = 6.4915977, ν = V² / (0.18²/4 + 0.72²/2 + 0.00405²/9 + 5.5875477²/16) = 42.140840 / 2.2185949 = 18.994;
    /// t(0.975; 19) = 2.093 from the table (ν is just under 19, where t is higher by less than 0.0001): 2.093·√V = 5.3327.
    @Test func mixedSourcesSayWhich() {
        let work = CellWork(strategy: "per-stage", scenario: "source-change", builder: "legacy",
                            rebuiltSteps: [.init(label: "x", seconds: 3.0, spreadKey: "a"), .init(label: "y", seconds: 5.5, spreadKey: "b")],
                            buildCommands: 2, pullCommands: 1, pulledBytes: 50_000_000, pulledLayers: 4,
                            pushCommands: 1, pushedBytes: 20_000_000, pushedLayers: 2, existingLayers: 3)
        let rates = MachineRates(buildCommandSeconds: 1.5, pullCommandSeconds: 0.4, extractionBytesPerSecond: 100_000_000,
                                 pushCommandSeconds: 0.6, pushBytesPerSecond: 40_000_000)
        let spread = PredictionSpread(steps: ["a": SpreadEstimate(variation: 0.10, degreesOfFreedom: 4, samples: 5)],
                                      overhead: SpreadEstimate(variation: 0.20, degreesOfFreedom: 2, samples: 3),
                                      pulls: SpreadEstimate(variation: 0.05, degreesOfFreedom: 9, samples: 10), builds: 12)
        let cell = PredictionModel.predict(work, rates: rates, link: local, spread: spread)
        #expect(abs(cell.interval - 2.093 * 6.4915977.squareRoot()) < 0.001 * 6.4915977.squareRoot())
        #expect(cell.intervalSource
                == "spread from 12 stored builds on this machine for 1 step, overhead and pulls; no history for 1 step and pushes: assumed CV 29.8%")
    }
}
