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
