import Foundation

extension RunAnalysis {
    /// Sets `speedupReference`; the default `naive` may be absent (no speedups then), a named one must be there.
    package mutating func setSpeedupReference(_ reference: String) throws {
        guard reference == "naive" || strategies.contains(where: { Self.strategyID(of: $0) == reference }) else {
            throw UnknownReferenceError(reference: reference, strategies: strategies)
        }
        speedupReference = reference
    }

    /// Every cell's speedup over `reference` in the same scenario, the reference's own cells left out. In a run on
    /// several engines, where cells are labelled `strategy@engine`, each is measured against the reference on its own
    /// engine: `inline@docker-26.1` against `naive@docker-26.1`.
    package func speedups(reference: String) -> [Speedup] {
        var out: [Speedup] = []
        for strategy in strategies {
            guard let reference = referenceLabel(reference, for: strategy), reference != strategy,
                  strategies.contains(reference) else { continue }
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

    /// The label `strategy` is compared with: `reference` itself, or in a multi-engine run `reference@ENGINE` of its engine.
    private func referenceLabel(_ reference: String, for strategy: String) -> String? {
        if strategies.contains(reference) { return reference }
        guard let at = strategy.range(of: Self.engineSeparator)?.lowerBound else { return nil }
        return reference + strategy[at...]
    }
}
