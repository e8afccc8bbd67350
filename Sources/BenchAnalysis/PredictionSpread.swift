import Foundation

/// A relative spread (coefficient of variation) of one quantity and what it was estimated from.
package struct SpreadEstimate: Sendable, Codable, Equatable {
    /// Sample standard deviation over the mean, pooled within groups.
    package var variation: Double
    /// Σ (n_g − 1) over the groups pooled.
    package var degreesOfFreedom: Double
    /// The values it was estimated from.
    package var samples: Int
    /// true for the stated default (no history), false for a spread measured on this machine.
    package var assumed: Bool

    package init(variation: Double, degreesOfFreedom: Double, samples: Int, assumed: Bool = false) {
        self.variation = variation; self.degreesOfFreedom = degreesOfFreedom; self.samples = samples; self.assumed = assumed
    }

    /// The spread assumed for a term without two measured samples: CV 29.8 % on 16 degrees of freedom, the pooled
    /// relative spread of the two apt steps of `Samples/hello-c` over the four 5-build runs on this shared, loaded
    /// 2-core machine (README, "Package cache and noise": CV 50.0, 24.4, 16.4 and 14.1 %; √(mean of squares)).
    package static let assumedDefault = SpreadEstimate(variation: 0.298, degreesOfFreedom: 16, samples: 20, assumed: true)

    /// Pools the relative spread of groups of one quantity (a step run by two builders has two means, a pull
    /// rate one per builder): s_rel² = Σ_g Σ_i (x_gi / x̄_g − 1)² / Σ_g (n_g − 1). Groups with fewer than two
    /// values or a mean of zero add nothing; nil when none is left.
    package static func pooled(_ groups: [[Double]]) -> SpreadEstimate? {
        var squares = 0.0, df = 0, samples = 0
        for group in groups where group.count >= 2 {
            let mean = group.reduce(0, +) / Double(group.count)
            guard mean > 0 else { continue }
            squares += group.map { ($0 / mean - 1) * ($0 / mean - 1) }.reduce(0, +)
            df += group.count - 1
            samples += group.count
        }
        guard df > 0 else { return nil }
        return SpreadEstimate(variation: (squares / Double(df)).squareRoot(), degreesOfFreedom: Double(df), samples: samples)
    }
}

/// Measured spreads that give a prediction its interval: each term's relative spread across the stored builds
/// of the project on the calibration's machine, or the stated default where there is no history.
package struct PredictionSpread: Sendable, Codable, Equatable {
    /// Relative spread of each step's seconds, by `CellWork.Step.spreadKey`, from its rebuilt runs.
    package var steps: [String: SpreadEstimate]
    /// Relative spread of a build command's seconds beyond its steps (cold builds).
    package var overhead: SpreadEstimate?
    /// Relative spread of local pull and push seconds per byte (transfers over 1 MB).
    package var pulls: SpreadEstimate?
    package var pushes: SpreadEstimate?
    /// The builds the measured spreads came from.
    package var builds: Int
    /// Where the spreads come from, said in the report.
    package var source: String

    package init(steps: [String: SpreadEstimate] = [:], overhead: SpreadEstimate? = nil, pulls: SpreadEstimate? = nil,
                 pushes: SpreadEstimate? = nil, builds: Int = 0,
                 source: String = "no history: every term assumes CV 29.8% (16 degrees of freedom)") {
        self.steps = steps; self.overhead = overhead; self.pulls = pulls; self.pushes = pushes; self.builds = builds
        self.source = source
    }
}

/// One independently estimated part of a prediction's error: its variance in seconds² and the degrees of freedom
/// of that variance's estimate (`.infinity` for a known one).
package struct IntervalTerm: Sendable, Equatable {
    package var variance: Double
    package var degreesOfFreedom: Double
    package init(variance: Double, degreesOfFreedom: Double) { self.variance = variance; self.degreesOfFreedom = degreesOfFreedom }
}

/// The 95 % interval of a sum of independent terms whose variances were estimated from samples.
package enum PredictionInterval {
    /// V = Σ vᵢ; the effective degrees of freedom by Welch–Satterthwaite, ν = V² / Σ (vᵢ² / νᵢ); nil when V is 0.
    package static func degreesOfFreedom(_ terms: [IntervalTerm]) -> Double? {
        let total = terms.map(\.variance).reduce(0, +)
        guard total > 0 else { return nil }
        let denominator = terms.filter { $0.degreesOfFreedom.isFinite }.map { $0.variance * $0.variance / $0.degreesOfFreedom }
            .reduce(0, +)
        return denominator > 0 ? total * total / denominator : .infinity
    }

    /// Half-width t(0.975; ν)·√V; 0 when V is 0. An infinite ν uses the normal quantile.
    package static func halfWidth(_ terms: [IntervalTerm]) -> Double {
        guard let df = degreesOfFreedom(terms) else { return 0 }
        let total = terms.map(\.variance).reduce(0, +)
        let t = df.isFinite ? StudentT.critical95(degreesOfFreedom: df) : StudentT.critical95(degreesOfFreedom: StudentT.normalBeyond)
        return t * total.squareRoot()
    }
}
