import Foundation

/// Summary statistics of a sample of timings, with a 95 % confidence interval for the mean.
public struct SampleStatistics: Sendable, Equatable, Codable {
    public var count: Int
    public var mean: Double
    public var median: Double
    public var min: Double
    public var max: Double
    /// Sample standard deviation (n − 1); 0 for a single value.
    public var standardDeviation: Double
    /// Half-width of the 95 % confidence interval of the mean (Student's t); nil below two values.
    public var confidence95: Double?

    public init?(_ values: [Double]) {
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
