import Foundation

/// Two-sample and paired tests on means, each returning its t, degrees of freedom and two-sided p.
package struct TTest: Sendable, Equatable {
    package var t: Double
    package var degreesOfFreedom: Double
    package var p: Double

    /// Welch's test: two independent samples of at least two values each; nil otherwise.
    package static func welch(_ a: SampleStatistics, _ b: SampleStatistics) -> TTest? {
        guard a.count >= 2, b.count >= 2 else { return nil }
        let va = a.standardDeviation * a.standardDeviation / Double(a.count)
        let vb = b.standardDeviation * b.standardDeviation / Double(b.count)
        let difference = b.mean - a.mean
        guard va + vb > 0 else { return degenerate(difference, df: Double(a.count + b.count - 2)) }
        let t = difference / (va + vb).squareRoot()
        let df = (va + vb) * (va + vb) / (va * va / Double(a.count - 1) + vb * vb / Double(b.count - 1))
        return TTest(t: t, degreesOfFreedom: df, p: StudentT.twoSidedP(t, degreesOfFreedom: df))
    }

    /// One new value against a sample of n ≥ 2: is it outside the 95 % prediction interval?
    /// t = (value − mean) / (s·√(1 + 1/n)), df = n − 1. The sign is that of `value − sample.mean`.
    package static func prediction(value: Double, sample: SampleStatistics) -> TTest? {
        guard sample.count >= 2 else { return nil }
        let n = Double(sample.count)
        let scale = sample.standardDeviation * (1 + 1 / n).squareRoot()
        guard scale > 0 else { return degenerate(value - sample.mean, df: n - 1) }
        let t = (value - sample.mean) / scale
        return TTest(t: t, degreesOfFreedom: n - 1, p: StudentT.twoSidedP(t, degreesOfFreedom: n - 1))
    }

    /// Paired test on differences `b[k] − a[k]`: at least two pairs; nil otherwise.
    package static func paired(_ differences: [Double]) -> TTest? {
        guard let stats = SampleStatistics(differences), stats.count >= 2 else { return nil }
        let df = Double(stats.count - 1)
        guard stats.standardDeviation > 0 else { return degenerate(stats.mean, df: df) }
        let t = stats.mean / (stats.standardDeviation / Double(stats.count).squareRoot())
        return TTest(t: t, degreesOfFreedom: df, p: StudentT.twoSidedP(t, degreesOfFreedom: df))
    }

    /// No spread at all: any difference is certain, none is no evidence.
    static func degenerate(_ difference: Double, df: Double) -> TTest {
        difference == 0 ? TTest(t: 0, degreesOfFreedom: df, p: 1)
            : TTest(t: difference > 0 ? .infinity : -.infinity, degreesOfFreedom: df, p: 0)
    }
}
