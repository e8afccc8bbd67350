import Foundation
import ResultStore

/// Which strategy to use for this project: the lowest expected wall time per CI run, where "expected"
/// weighs each scenario by how often it happens in the user's CI.
package struct Recommendation: Sendable {
    package struct Ranked: Sendable, Equatable {
        package var strategy: String
        /// Mean over iterations of E_k = Σ wᵢ·x_ik / W, the iteration's weighted wall seconds; over the iterations
        /// where every weighted scenario succeeded (from the cells' means when none did).
        package var expectedSeconds: Double
        /// The weighted cells' means, for the report.
        package var seconds: [String: Double]
        /// E_k by iteration, for the iterations where every weighted scenario succeeded.
        package var perIteration: [Int: Double]
        /// t(n−1)·s_E/√n over `perIteration`; nil below two iterations.
        package var confidence95: Double?
        /// Builds of the weighted scenarios that failed, and all that ran.
        package var failedBuilds: Int
        package var builds: Int
        /// Paired t-test by iteration of this strategy's E_k minus the recommended one's; nil for the
        /// recommended strategy itself and below two shared iterations.
        package var versusBest: TTest?
        /// Mean of those paired differences, in seconds per CI run.
        package var differenceFromBest: Double?

        package var failureRate: Double { builds > 0 ? Double(failedBuilds) / Double(builds) : 0 }
    }

    package struct Excluded: Sendable, Equatable {
        package var strategy: String
        package var reason: String
    }

    /// How many iterations would show the difference seen between the two leaders (two-sided 5 %, 80 % power).
    package struct PowerEstimate: Sendable, Equatable {
        package var strategy: String
        /// The observed mean paired difference, as a percentage of the recommended strategy's expected seconds.
        package var differencePercent: Double
        /// nil when even `maximumIterations` would not show it.
        package var iterations: Int?
        package static let maximumIterations = 1000
    }

    /// The run it ranks.
    package var analysis: RunAnalysis
    package var weights: [String: Double]
    /// Strategies without failures first (all of them when failures are allowed), each group fastest first.
    package var ranking: [Ranked]
    package var excluded: [Excluded]
    /// Whether a strategy with failed builds may be recommended (`--allow-failures`).
    package var allowFailures: Bool

    /// The recommended strategy: the fastest one without failures, unless failures are allowed.
    package var best: Ranked? { ranking.first.flatMap { allowFailures || $0.failedBuilds == 0 ? $0 : nil } }

    /// Eligible strategies that the paired test cannot tell from the best (p ≥ 0.05, or too few iterations).
    package var indistinguishableFromBest: [Ranked] {
        guard best != nil else { return [] }
        return ranking.dropFirst().filter { (allowFailures || $0.failedBuilds == 0) && ($0.versusBest.map { $0.p >= 0.05 } ?? true) }
    }

    /// For the closest strategy that cannot be told apart from the best: how many iterations would.
    package var power: PowerEstimate? {
        guard let best, let other = indistinguishableFromBest.first else { return nil }
        let differences = Self.pairedDifferences(other, best)
        guard let stats = SampleStatistics(differences), stats.count >= 2, best.expectedSeconds > 0 else { return nil }
        return PowerEstimate(strategy: other.strategy, differencePercent: abs(stats.mean) / best.expectedSeconds * 100,
                             iterations: Self.iterationsNeeded(difference: abs(stats.mean), standardDeviation: stats.standardDeviation))
    }

    /// `weights` maps scenario ids to relative frequencies; nil weighs every scenario of the run except
    /// `cold` (which a project sees once) equally.
    package init(analysis: RunAnalysis, weights: [String: Double]? = nil, allowFailures: Bool = false) {
        self.analysis = analysis
        let chosen = weights ?? Dictionary(uniqueKeysWithValues: analysis.scenarios.filter { $0 != "cold" }.map { ($0, 1.0) })
        self.weights = chosen.filter { $0.value > 0 }
        self.allowFailures = allowFailures
        var ranking: [Ranked] = []
        var excluded: [Excluded] = []
        for strategy in analysis.strategies {
            let missing = self.weights.keys.sorted().filter { analysis.cell(strategy, $0)?.wall == nil }
            if let cell = analysis.cells.first(where: { $0.strategy == strategy && $0.unavailable > 0 }) {
                excluded.append(Excluded(strategy: strategy, reason: cell.firstError ?? BuildStatus.unavailable.rawValue))
            } else if !missing.isEmpty {
                excluded.append(Excluded(strategy: strategy, reason: "no successful build in \(missing.joined(separator: ", "))"))
            } else if !self.weights.isEmpty {
                ranking.append(Self.rank(strategy, analysis: analysis, weights: self.weights))
            }
        }
        let eligible = ranking.filter { allowFailures || $0.failedBuilds == 0 }.sorted { $0.expectedSeconds < $1.expectedSeconds }
        let flaky = ranking.filter { !allowFailures && $0.failedBuilds > 0 }.sorted { $0.expectedSeconds < $1.expectedSeconds }
        self.ranking = eligible + flaky
        self.excluded = excluded
        if let leader = self.best {
            for i in self.ranking.indices.dropFirst() {
                let differences = Self.pairedDifferences(self.ranking[i], leader)
                self.ranking[i].versusBest = TTest.paired(differences)
                self.ranking[i].differenceFromBest = SampleStatistics(differences)?.mean
            }
        }
    }

    static func rank(_ strategy: String, analysis: RunAnalysis, weights: [String: Double]) -> Ranked {
        let total = weights.values.reduce(0, +)
        let builds = analysis.builds.filter { $0.build.strategy == strategy && weights[$0.build.scenario] != nil }
        var walls: [Int: [String: Double]] = [:]
        for detail in builds where detail.build.status == .ok {
            walls[detail.build.iteration, default: [:]][detail.build.scenario] = detail.build.wallSeconds
        }
        var perIteration: [Int: Double] = [:]
        for (iteration, seconds) in walls where seconds.count == weights.count {
            perIteration[iteration] = weights.map { seconds[$0.key]! * $0.value }.reduce(0, +) / total
        }
        let means = Dictionary(uniqueKeysWithValues: weights.keys.compactMap { scenario in
            analysis.cell(strategy, scenario)?.wall.map { (scenario, $0.mean) }
        })
        let stats = SampleStatistics(Array(perIteration.values))
        return Ranked(strategy: strategy,
                      expectedSeconds: stats?.mean ?? weights.map { means[$0.key, default: 0] * $0.value }.reduce(0, +) / total,
                      seconds: means, perIteration: perIteration, confidence95: stats?.confidence95,
                      // A change that broke the build for every strategy is the scenario's failure, not this one's.
                      failedBuilds: builds.filter { $0.build.status == .failed && !analysis.isScenarioError($0.build) }.count,
                      builds: builds.filter { $0.build.status == .ok || ($0.build.status == .failed && !analysis.isScenarioError($0.build)) }.count,
                      versusBest: nil, differenceFromBest: nil)
    }

    /// E_k(a) − E_k(b) over the iterations both have.
    static func pairedDifferences(_ a: Ranked, _ b: Ranked) -> [Double] {
        a.perIteration.keys.sorted().compactMap { k in b.perIteration[k].map { a.perIteration[k]! - $0 } }
    }

    /// The smallest n with (t(0.975; n−1) + t(0.80; n−1))·s/√n ≤ difference: a paired t-test on n iterations then
    /// shows `difference` at 5 % (two-sided) with 80 % power.
    package static func iterationsNeeded(difference: Double, standardDeviation s: Double) -> Int? {
        guard difference > 0 else { return nil }
        guard s > 0 else { return 2 }
        for n in 2...PowerEstimate.maximumIterations {
            let df = Double(n - 1)
            let needed = (StudentT.quantile(0.975, degreesOfFreedom: df) + StudentT.quantile(0.8, degreesOfFreedom: df)) * s
                / Double(n).squareRoot()
            if needed <= difference { return n }
        }
        return nil
    }

    /// Parses `no-change=3,source-change=1`.
    package static func parseWeights(_ text: String) -> [String: Double]? {
        var weights: [String: Double] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty, let value = Double(pair[1]), value >= 0 else { return nil }
            weights[pair[0]] = value
        }
        return weights.isEmpty ? nil : weights
    }
}
