import Foundation

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
