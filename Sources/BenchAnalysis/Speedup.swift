import Foundation
import ResultStore

/// How many times faster a strategy is than a reference strategy in one scenario: the ratio of the geometric
/// means of their successful builds' wall seconds, with a 95 % interval from Welch's t-interval on the
/// difference of mean log times.
package struct Speedup: Sendable, Equatable, Codable {
    package var strategy: String
    package var reference: String
    package var scenario: String
    /// Reference time over this strategy's: above 1 is faster.
    package var ratio: Double
    /// The 95 % interval on `ratio`; nil when either side has fewer than two successful builds.
    package var low: Double?
    package var high: Double?

    /// nil when either side has no successful build with a positive time.
    package init?(strategy: String, reference: String, scenario: String, times: [Double], referenceTimes: [Double]) {
        guard let mine = SampleStatistics(times.filter { $0 > 0 }.map(log)),
              let theirs = SampleStatistics(referenceTimes.filter { $0 > 0 }.map(log)) else { return nil }
        self.strategy = strategy; self.reference = reference; self.scenario = scenario
        let difference = theirs.mean - mine.mean
        ratio = exp(difference)
        guard let test = TTest.welch(mine, theirs) else { low = nil; high = nil; return }
        let standardError = (mine.standardDeviation * mine.standardDeviation / Double(mine.count)
            + theirs.standardDeviation * theirs.standardDeviation / Double(theirs.count)).squareRoot()
        let half = StudentT.critical95(degreesOfFreedom: test.degreesOfFreedom) * standardError
        low = exp(difference - half)
        high = exp(difference + half)
    }
}
