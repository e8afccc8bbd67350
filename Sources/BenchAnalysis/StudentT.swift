import Foundation

/// Student's t distribution for any degrees of freedom (fractional too, as Welch's test gives), from the
/// regularized incomplete beta function; `.infinity` is the standard normal.
package enum StudentT {
    /// Above this the t and normal distributions differ by less than 1e-7 in probability, and the incomplete
    /// beta's continued fraction would need ever more terms.
    static let normalBeyond = 1e7

    /// P(T ≤ t).
    static func cdf(_ t: Double, degreesOfFreedom df: Double) -> Double {
        let upper = upperTail(abs(t), degreesOfFreedom: df)
        return t >= 0 ? 1 - upper : upper
    }

    /// P(|T| ≥ |t|): the two-sided p-value of a t statistic.
    package static func twoSidedP(_ t: Double, degreesOfFreedom df: Double) -> Double {
        min(1, 2 * upperTail(abs(t), degreesOfFreedom: df))
    }

    /// The t with P(T ≤ t) = p, found by bisection on `cdf` (monotone), to double precision.
    package static func quantile(_ p: Double, degreesOfFreedom df: Double) -> Double {
        precondition(p > 0 && p < 1 && df > 0, "quantile needs 0 < p < 1 and df > 0")
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: df) }
        var low = 0.0
        var high = 1.0
        while cdf(high, degreesOfFreedom: df) < p { low = high; high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if cdf(middle, degreesOfFreedom: df) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// Two-sided 95 % critical value: t(0.975; df).
    package static func critical95(degreesOfFreedom df: Double) -> Double {
        quantile(0.975, degreesOfFreedom: df)
    }

    /// P(T ≥ t) for t ≥ 0: ½ · I_{df/(df+t²)}(df/2, ½).
    static func upperTail(_ t: Double, degreesOfFreedom df: Double) -> Double {
        if df >= normalBeyond { return 0.5 * erfc(t / 2.0.squareRoot()) }
        let x = df / (df + t * t)
        return 0.5 * regularizedIncompleteBeta(x, a: df / 2, b: 0.5)
    }

    /// I_x(a, b) by the continued fraction (modified Lentz), using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a)
    /// where the fraction converges faster.
    package static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
    }

    static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        var c = 1.0
        var d = 1 / awayFromZero(1 - (a + b) * x / (a + 1))
        var h = d
        for m in 1...100_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 / awayFromZero(1 + even * d)
            c = awayFromZero(1 + even / c)
            h *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 / awayFromZero(1 + odd * d)
            c = awayFromZero(1 + odd / c)
            h *= d * c
            if abs(d * c - 1) < 1e-15 { break }
        }
        return h
    }

    /// Lentz's guard against dividing by an exact zero.
    static func awayFromZero(_ value: Double) -> Double { abs(value) < 1e-300 ? 1e-300 : value }
}

/// Benjamini–Hochberg adjusted p-values (q-values), in the input order. Rejecting every q < α keeps the
/// expected share of false alarms among the alarms at α; when nothing really changed, that is the chance of
/// any alarm at all, as with Holm's correction, but it loses less power when many steps really moved.
package func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
    let m = Double(pValues.count)
    let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
    var adjusted = Array(repeating: 1.0, count: pValues.count)
    var running = 1.0
    for (rank, index) in order.enumerated().reversed() {
        running = min(running, pValues[index] * m / Double(rank + 1))
        adjusted[index] = min(1, running)
    }
    return adjusted
}
