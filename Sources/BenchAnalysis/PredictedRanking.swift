import Foundation

/// Strategies ranked by predicted seconds per CI run on one link, scenarios weighed as in `Recommendation`.
package struct PredictedRanking: Sendable, Equatable {
    package struct Entry: Sendable, Equatable {
        package var strategy: String
        /// Σ wᵢ·tᵢ / Σ wᵢ over the weighted scenarios.
        package var expectedSeconds: Double
        /// The same weighted sum of the cells' interval half-widths (a conservative bound).
        var interval: Double
    }

    package var link: String
    /// Fastest first.
    package var entries: [Entry]

    /// `weights` nil: every scenario but `cold` equally.
    package init(cells: [PredictedCell], link: String, weights: [String: Double]? = nil) {
        self.link = link
        let mine = cells.filter { $0.network == link }
        let scenarios = Set(mine.map(\.scenario))
        let chosen = (weights ?? Dictionary(uniqueKeysWithValues: scenarios.filter { $0 != "cold" }.map { ($0, 1.0) }))
            .filter { $0.value > 0 && scenarios.contains($0.key) }
        let total = chosen.values.reduce(0, +)
        var entries: [Entry] = []
        for strategy in Self.ordered(mine.map(\.strategy)) where total > 0 {
            let cells = mine.filter { $0.strategy == strategy }
            guard chosen.keys.allSatisfy({ scenario in cells.contains { $0.scenario == scenario } }) else { continue }
            let seconds = chosen.map { scenario, weight in weight * cells.first { $0.scenario == scenario }!.seconds }.reduce(0, +)
            let interval = chosen.map { scenario, weight in weight * cells.first { $0.scenario == scenario }!.interval }.reduce(0, +)
            entries.append(Entry(strategy: strategy, expectedSeconds: seconds / total, interval: interval / total))
        }
        self.entries = entries.sorted { $0.expectedSeconds < $1.expectedSeconds }
    }

    /// The `n` fastest strategies.
    package func top(_ n: Int) -> [String] { Array(entries.prefix(n).map(\.strategy)) }

    /// One line: "per-stage: 21.3 s per CI run (± 2.1), 1.9x faster than naive".
    package func summary(reference: String = "naive") -> String {
        guard let best = entries.first else { return "no strategy has a prediction for every weighted scenario" }
        var line = String(format: "predicted on %@: %@ is fastest, %.1f s per CI run (± %.1f)", link, best.strategy,
                          best.expectedSeconds, best.interval)
        if best.strategy != reference, let base = entries.first(where: { $0.strategy == reference }), best.expectedSeconds > 0 {
            line += String(format: ", %.1fx faster than %@ (%.1f s)", base.expectedSeconds / best.expectedSeconds, reference,
                           base.expectedSeconds)
        }
        return line
    }

    private static func ordered(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
