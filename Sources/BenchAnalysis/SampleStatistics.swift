import Foundation

/// Summary statistics of a sample of timings, with a 95 % confidence interval for the mean.
package struct SampleStatistics: Sendable, Equatable, Codable {
    package var count: Int
    package var mean: Double
    package var median: Double
    package var min: Double
    package var max: Double
    /// Sample standard deviation (n − 1); 0 for a single value.
    package var standardDeviation: Double
    /// Half-width of the 95 % confidence interval of the mean (Student's t); nil below two values.
    package var confidence95: Double?

    package init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        count = values.count
        mean = values.reduce(0, +) / Double(values.count)
        median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        min = sorted.first!
        max = sorted.last!
        if values.count > 1 {
            let m = mean
            let variance = values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count - 1)
            standardDeviation = variance.squareRoot()
            confidence95 = Self.tCritical95(degreesOfFreedom: values.count - 1) * standardDeviation / Double(values.count).squareRoot()
        } else {
            standardDeviation = 0
            confidence95 = nil
        }
    }

    /// Two-sided 95 % critical value of Student's t, exact for every df (see `StudentT`).
    static func tCritical95(degreesOfFreedom df: Int) -> Double {
        StudentT.critical95(degreesOfFreedom: Double(df))
    }
}
