import BuildEngine
import Foundation
import ResultStore

/// engines × strategies × scenarios × iterations, interleaved: within an iteration and engine, every strategy's first build,
/// then every strategy's second, and so on, so that slow drift of the machine or network hits all strategies alike.
package struct Plan: Sendable, Equatable {
    package var strategies: [Strategy]
    /// The chain, always starting with `cold`.
    package var chain: [Scenario]
    package var iterations: Int
    package var builds: [PlannedBuild]
    package var notes: [String]
    package var order: PlanOrder
    /// The engines every chain runs on, in order; empty: the engine provider's own.
    package var engines: [EngineSpec]

    package init(strategies: [Strategy], scenarios: [Scenario], iterations: Int, order: PlanOrder = .fixed,
                 engines: [EngineSpec] = []) {
        var notes: [String] = []
        var chain = scenarios
        if chain.first != .cold {
            chain.removeAll { $0 == .cold }
            chain.insert(.cold, at: 0)
            notes.append("added `cold` at the start of the chain: every chain starts from an empty registry")
        }
        self.strategies = strategies
        self.chain = chain
        self.iterations = iterations
        self.order = order
        self.engines = engines
        var generator = SplitMix64(seed: order.seed ?? 0)
        if let seed = order.seed {
            notes.append("strategies shuffled within each chain position of every iteration, seed \(seed) (--seed \(seed) repeats this order)")
        }
        self.notes = notes
        var builds: [PlannedBuild] = []
        for iteration in 1...max(iterations, 1) {
            for engine in engines.isEmpty ? [nil] : engines.map(Optional.some) {
                for (position, scenario) in chain.enumerated() {
                    for strategy in order == .fixed ? strategies : generator.shuffled(strategies) {
                        builds.append(PlannedBuild(strategy: strategy, scenario: scenario, iteration: iteration,
                                                   chainPosition: position, engine: engine))
                    }
                }
            }
        }
        self.builds = builds
    }

    /// Parses `--strategies a,b`.
    package static func strategies(from ids: [String]) throws -> [Strategy] {
        var seen = Set<String>()
        return try ids.filter { seen.insert($0).inserted }.map { id in
            guard let strategy = Strategy.named(id) else {
                throw ConfigError.unknownStrategy(id, known: Strategy.builtIn.map(\.id))
            }
            return strategy
        }
    }

    /// Parses `--scenarios a,b`.
    package static func scenarios(from ids: [String]) throws -> [Scenario] {
        var seen = Set<String>()
        return try ids.filter { seen.insert($0).inserted }.map { id in
            guard let scenario = Scenario(rawValue: id) else {
                throw ConfigError.unknownScenario(id, known: Scenario.allCases.map(\.rawValue))
            }
            return scenario
        }
    }
}
