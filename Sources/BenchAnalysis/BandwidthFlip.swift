import Foundation

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
