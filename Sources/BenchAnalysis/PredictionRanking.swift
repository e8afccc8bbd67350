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

/// Where, along the bandwidth axis, one strategy starts beating another.
package struct BandwidthFlip: Sendable, Equatable {
    package var faster: String
    package var slower: String
    /// Above this many bytes per second `faster` wins (below it `slower` does).
    package var bytesPerSecond: Double
    package var latency: Double

    /// "per-stage beats naive above 180 Mbit/s (at 20 ms)".
    package var sentence: String {
        String(format: "%@ beats %@ above %@ (at %g ms each way)", faster, slower, Self.rate(bytesPerSecond), latency * 1000)
    }

    static func rate(_ bytesPerSecond: Double) -> String {
        let mbit = bytesPerSecond * 8 / 1e6
        return mbit >= 1000 ? String(format: "%.1f Gbit/s", mbit / 1000) : String(format: "%.0f Mbit/s", mbit)
    }

    /// Scans 1 Mbit/s to 10 Gbit/s at `latency` for every pair of strategies whose order flips, then bisects
    /// the crossing. `predict` gives every cell on a link.
    package static func find(strategies: [String], latency: Double, weights: [String: Double]?,
                             predict: (Link) -> [PredictedCell]) -> [BandwidthFlip] {
        func expected(_ rate: Double) -> [String: Double] {
            let link = Link(name: "what-if", bytesPerSecond: rate, latency: latency)
            let ranking = PredictedRanking(cells: predict(link), link: link.name, weights: weights)
            return Dictionary(uniqueKeysWithValues: ranking.entries.map { ($0.strategy, $0.expectedSeconds) })
        }
        let low = 1e6 / 8, high = 1e10 / 8
        let atLow = expected(low), atHigh = expected(high)
        var flips: [BandwidthFlip] = []
        for a in strategies {
            for b in strategies where a != b {
                guard let aHigh = atHigh[a], let bHigh = atHigh[b], let aLow = atLow[a], let bLow = atLow[b],
                      aHigh < bHigh, aLow > bLow else { continue }
                // a wins on the fast link, b on the slow one: bisect on the log of the rate.
                var lo = log(low), hi = log(high)
                for _ in 0..<40 {
                    let mid = (lo + hi) / 2
                    let values = expected(exp(mid))
                    if let x = values[a], let y = values[b], x < y { hi = mid } else { lo = mid }
                }
                flips.append(BandwidthFlip(faster: a, slower: b, bytesPerSecond: exp(hi), latency: latency))
            }
        }
        return flips.sorted { $0.bytesPerSecond < $1.bytesPerSecond }
    }
}
