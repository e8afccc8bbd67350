import Foundation

/// Whether a prediction's recommendation held where it was measured: among the strategies a run measured, is the
/// strategy predicted fastest the one `recommend` ranks fastest, and can the paired test `recommend` uses tell
/// the two apart when they differ.
package struct RecommendationCheck: Sendable, Equatable {
    package enum Verdict: String, Sendable, Equatable {
        /// The predicted winner is the measured winner.
        case held
        /// Another strategy was measured faster, and the paired test tells the two apart (p < 0.05).
        case didNotHold = "did not hold"
        /// Another strategy was measured faster, but the paired test cannot tell the two apart (p ≥ 0.05, or fewer
        /// than two iterations), or the predicted winner had failed builds.
        case undecided = "not shown"
    }

    package var verdict: Verdict
    package var link: String
    /// Strategies measured with a successful build in every weighted scenario: the ones both rankings cover.
    package var strategies: [String]
    package var predictedWinner: String
    package var predictedSeconds: Double
    package var measuredWinner: String
    /// Measured seconds per CI run (the scenarios weighed as `recommend` weighs them) of the two winners.
    package var measuredSeconds: Double
    package var predictedWinnerMeasuredSeconds: Double?
    /// The paired test of the predicted winner against the measured winner when they differ; otherwise of the
    /// measured runner-up against the winner. nil below two shared iterations.
    package var test: TTest?
    /// The strategy `test` compares with the winner.
    package var testedAgainst: String?

    /// nil when the run measured no strategy that the prediction covers, or none in every weighted scenario.
    package init?(cells: [PredictedCell], link: String, analysis: RunAnalysis, weights: [String: Double]? = nil) {
        let measured = Recommendation(analysis: analysis, weights: weights)
        let predictedIds = Set(cells.filter { $0.network == link }.map(\.strategy))
        let ranked = measured.ranking.filter { predictedIds.contains($0.strategy) }
        let ids = Set(ranked.map(\.strategy))
        let predicted = PredictedRanking(cells: cells.filter { ids.contains($0.strategy) }, link: link, weights: measured.weights)
        guard let predictedBest = predicted.entries.first, let measuredBest = ranked.first else { return nil }
        self.link = link
        strategies = ranked.map(\.strategy)
        predictedWinner = predictedBest.strategy
        predictedSeconds = predictedBest.expectedSeconds
        measuredWinner = measuredBest.strategy
        measuredSeconds = measuredBest.expectedSeconds
        let predictedRow = ranked.first { $0.strategy == predictedBest.strategy }
        predictedWinnerMeasuredSeconds = predictedRow?.expectedSeconds
        let eligible = measured.allowFailures || measuredBest.failedBuilds == 0
        if predictedWinner == measuredWinner {
            verdict = eligible ? .held : .undecided
            let runnerUp = ranked.dropFirst().first
            testedAgainst = runnerUp?.strategy
            test = runnerUp.flatMap { TTest.paired(Recommendation.pairedDifferences($0, measuredBest)) }
        } else {
            testedAgainst = predictedWinner
            test = predictedRow.flatMap { TTest.paired(Recommendation.pairedDifferences($0, measuredBest)) }
            let failed = (predictedRow?.failedBuilds ?? 0) > 0 && !measured.allowFailures
            verdict = !failed && eligible && (test.map { $0.p < 0.05 } ?? false) ? .didNotHold : .undecided
        }
    }

    /// "recommendation check: held: inline-per-stage predicted fastest on local (17.8 s per CI run); measured fastest
    /// among inline-per-stage, naive: inline-per-stage (23.6 s); paired t-test against the runner-up naive: p = 0.002".
    package var sentence: String {
        let among = strategies.joined(separator: ", ")
        var text = String(format: "recommendation check: %@: %@ predicted fastest on %@ (%.1f s per CI run); measured fastest among %@: %@ (%.1f s)",
                          verdict.rawValue, predictedWinner, link, predictedSeconds, among, measuredWinner, measuredSeconds)
        if predictedWinner != measuredWinner, let own = predictedWinnerMeasuredSeconds {
            text += String(format: ", %@ measured %.1f s", predictedWinner, own)
        }
        if let other = testedAgainst {
            let what = predictedWinner == measuredWinner ? "against the runner-up \(other)" : "of \(other) against \(measuredWinner)"
            if let test {
                text += String(format: "; paired t-test %@: p = %.3g%@", what, test.p,
                               test.p < 0.05 ? "" : " (cannot tell them apart)")
            } else {
                text += "; no paired test \(what): fewer than two iterations"
            }
        }
        return text
    }
}
