import Foundation

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
