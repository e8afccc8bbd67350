import Foundation

/// Which strategy to use for this project: the lowest expected wall time per CI run, where "expected"
/// weighs each scenario by how often it happens in the user's CI.
public struct Recommendation: Sendable {
    public struct Ranked: Sendable, Equatable {
        public var strategy: String
        /// Σ weight × mean wall seconds / Σ weight, over the weighted scenarios.
        public var expectedSeconds: Double
        /// The weighted cells' means, for the report.
        public var seconds: [String: Double]
        /// Weighted mean of the cells' 95 % half-widths: a conservative interval for `expectedSeconds`;
        /// nil with a single iteration.
        public var confidence95: Double?
    }

    public struct Excluded: Sendable, Equatable {
        public var strategy: String
        public var reason: String
    }

    public var weights: [String: Double]
    /// Best first.
    public var ranking: [Ranked]
    public var excluded: [Excluded]

    public var best: Ranked? { ranking.first }

    /// Strategies whose interval overlaps the best one's: this run cannot tell them apart.
    public var indistinguishableFromBest: [Ranked] {
        guard let best, let bestCI = best.confidence95 else { return [] }
        return ranking.dropFirst().filter { other in
            guard let ci = other.confidence95 else { return false }
            return other.expectedSeconds - ci <= best.expectedSeconds + bestCI
        }
    }

    /// `weights` maps scenario ids to relative frequencies; nil weighs every scenario of the run except
    /// `cold` (which a project sees once) equally.
    public init(analysis: RunAnalysis, weights: [String: Double]? = nil) {
        let chosen = weights ?? Dictionary(uniqueKeysWithValues: analysis.scenarios.filter { $0 != "cold" }.map { ($0, 1.0) })
        self.weights = chosen.filter { $0.value > 0 }
        var ranking: [Ranked] = []
        var excluded: [Excluded] = []
        for strategy in analysis.strategies {
            var seconds: [String: Double] = [:]
            var missing: [String] = []
            for scenario in self.weights.keys.sorted() {
                if let wall = analysis.cell(strategy, scenario)?.wall { seconds[scenario] = wall.mean } else { missing.append(scenario) }
            }
            if let cell = analysis.cells.first(where: { $0.strategy == strategy && $0.unavailable > 0 }) {
                excluded.append(Excluded(strategy: strategy, reason: cell.firstError ?? "unavailable"))
            } else if !missing.isEmpty {
                excluded.append(Excluded(strategy: strategy, reason: "no successful build in \(missing.joined(separator: ", "))"))
            } else if !seconds.isEmpty {
                let total = self.weights.values.reduce(0, +)
                let expected = self.weights.map { seconds[$0.key, default: 0] * $0.value }.reduce(0, +) / total
                let intervals = self.weights.map { (analysis.cell(strategy, $0.key)?.wall?.confidence95, $0.value) }
                let confidence = intervals.allSatisfy { $0.0 != nil }
                    ? intervals.map { $0.0! * $0.1 }.reduce(0, +) / total : nil
                ranking.append(Ranked(strategy: strategy, expectedSeconds: expected, seconds: seconds, confidence95: confidence))
            }
        }
        self.ranking = ranking.sorted { $0.expectedSeconds < $1.expectedSeconds }
        self.excluded = excluded
    }

    /// Parses `no-change=3,source-change=1`.
    public static func parseWeights(_ text: String) -> [String: Double]? {
        var weights: [String: Double] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty, let value = Double(pair[1]), value >= 0 else { return nil }
            weights[pair[0]] = value
        }
        return weights.isEmpty ? nil : weights
    }
}
