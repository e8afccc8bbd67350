import Foundation

/// Two samples of seconds compared: the change, the test used and its p-value (nil for single builds).
package struct SampleComparison: Sendable, Equatable {
    package var baseline: SampleStatistics
    package var current: SampleStatistics
    /// current − baseline, in seconds of the means.
    package var deltaSeconds: Double
    /// (current − baseline) / baseline, in percent; nil when the baseline mean is 0.
    package var changePercent: Double?
    package var test: ComparisonTest
    package var p: Double?

    package init(baseline: SampleStatistics, current: SampleStatistics) {
        self.baseline = baseline
        self.current = current
        deltaSeconds = current.mean - baseline.mean
        changePercent = baseline.mean > 0 ? deltaSeconds / baseline.mean * 100 : nil
        if let welch = TTest.welch(baseline, current) {
            test = .welch; p = welch.p
        } else if baseline.count == 1, let prediction = TTest.prediction(value: baseline.mean, sample: current) {
            test = .predictionInterval; p = prediction.p
        } else if current.count == 1, let prediction = TTest.prediction(value: current.mean, sample: baseline) {
            test = .predictionInterval; p = prediction.p
        } else {
            test = .singleBuilds; p = nil
        }
    }

    /// Beyond the threshold and, where a test applies, p < `alpha`.
    func moved(thresholdPercent: Double, alpha: Double = 0.05) -> Bool {
        guard let changePercent, abs(changePercent) > thresholdPercent else { return false }
        return p.map { $0 < alpha } ?? true
    }
}
