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

/// `--speedup-reference` named a strategy that the run does not have.
package struct UnknownReferenceError: LocalizedError, Equatable {
    package var reference: String
    package var strategies: [String]

    package init(reference: String, strategies: [String]) { self.reference = reference; self.strategies = strategies }

    package var errorDescription: String? {
        "--speedup-reference \(reference): the run has no such strategy; choose from \(strategies.joined(separator: ", "))."
    }
}

extension RunAnalysis {
    /// Sets `speedupReference`; the default `naive` may be absent (no speedups then), a named one must be there.
    package mutating func setSpeedupReference(_ reference: String) throws {
        guard reference == "naive" || strategies.contains(reference) else {
            throw UnknownReferenceError(reference: reference, strategies: strategies)
        }
        speedupReference = reference
    }

    /// Every cell's speedup over `reference` in the same scenario, the reference's own cells left out.
    package func speedups(reference: String) -> [Speedup] {
        guard strategies.contains(reference) else { return [] }
        var out: [Speedup] = []
        for strategy in strategies where strategy != reference {
            for scenario in scenarios {
                let mine = builds(strategy, scenario).filter { $0.build.status == .ok }.map(\.build.wallSeconds)
                let theirs = builds(reference, scenario).filter { $0.build.status == .ok }.map(\.build.wallSeconds)
                if let speedup = Speedup(strategy: strategy, reference: reference, scenario: scenario, times: mine, referenceTimes: theirs) {
                    out.append(speedup)
                }
            }
        }
        return out
    }
}
