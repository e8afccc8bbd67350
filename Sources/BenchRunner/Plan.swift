import BuildEngine
import Foundation
import ResultStore

/// One cell of the benchmark: a strategy's chain position for one iteration on one engine.
package struct PlannedBuild: Sendable, Equatable {
    var strategy: Strategy
    var scenario: Scenario
    var iteration: Int
    var chainPosition: Int
    /// The engine it runs on; nil: the engine provider's own (a plan made without engines).
    var engine: EngineSpec? = nil
}

/// How strategies are ordered within each chain position of an iteration (`--order`).
package enum PlanOrder: Sendable, Equatable {
    /// As listed, every iteration.
    case fixed
    /// A fresh Fisher–Yates shuffle for every iteration and chain position, drawn from SplitMix64 seeded with `seed`,
    /// so that drift of the machine (a slow mirror, a busy neighbour) is not confounded with a strategy.
    case shuffled(seed: UInt64)

    /// `fixed` or `shuffled`, as `--order` and the stored options spell it.
    var name: String { self == .fixed ? "fixed" : "shuffled" }

    var seed: UInt64? {
        if case .shuffled(let seed) = self { return seed }
        return nil
    }
}

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

/// Sebastiano Vigna's SplitMix64: a tiny generator whose output for a seed never changes between toolchains,
/// unlike the standard library's shuffle, so a stored seed always repeats its order.
package struct SplitMix64: Sendable {
    var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Fisher–Yates from the last element down, swapping i with next() % (i + 1).
    package mutating func shuffled<T>(_ items: [T]) -> [T] {
        var items = items
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, Int(next() % UInt64(i + 1)))
        }
        return items
    }
}

/// What the runner reports while it works. The CLI prints these; tests collect them.
package enum RunEvent: Sendable {
    case note(String)
    case buildStarted(index: Int, total: Int, build: PlannedBuild)
    case phaseStarted(kind: PhaseKind, commandLine: String)
    /// A step line seen in the live output (for a live status line).
    case activity(String)
    case phaseFinished(kind: PhaseKind, seconds: Double, exitCode: Int32)
    case buildFinished(index: Int, total: Int, build: PlannedBuild, summary: BuildSummary)
}

/// The headline figures of one finished build.
package struct BuildSummary: Sendable, Equatable {
    var status: BuildStatus
    var wallSeconds: Double
    var cachedSteps: Int
    var totalSteps: Int
    /// Steps a perfect cache would have served but the strategy rebuilt, and their seconds.
    var missedSteps: Int = 0
    var missedSeconds: Double = 0
    var error: String?
}
