import Foundation

/// One cell of the benchmark: a strategy's chain position for one iteration.
public struct PlannedBuild: Sendable, Equatable {
    public var strategy: Strategy
    public var scenario: Scenario
    public var iteration: Int
    public var chainPosition: Int
}

/// strategies × scenarios × iterations, interleaved: within an iteration, every strategy's first build,
/// then every strategy's second, and so on, so that slow drift of the machine or network hits all strategies alike.
public struct Plan: Sendable, Equatable {
    public var strategies: [Strategy]
    /// The chain, always starting with `cold`.
    public var chain: [Scenario]
    public var iterations: Int
    public var builds: [PlannedBuild]
    public var notes: [String]

    public init(strategies: [Strategy], scenarios: [Scenario], iterations: Int) {
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
        self.notes = notes
        var builds: [PlannedBuild] = []
        for iteration in 1...max(iterations, 1) {
            for (position, scenario) in chain.enumerated() {
                for strategy in strategies {
                    builds.append(PlannedBuild(strategy: strategy, scenario: scenario, iteration: iteration, chainPosition: position))
                }
            }
        }
        self.builds = builds
    }

    /// Parses `--strategies a,b`.
    public static func strategies(from ids: [String]) throws -> [Strategy] {
        var seen = Set<String>()
        return try ids.filter { seen.insert($0).inserted }.map { id in
            guard let strategy = Strategy.named(id) else {
                throw ConfigError.unknownStrategy(id, known: Strategy.builtIn.map(\.id))
            }
            return strategy
        }
    }

    /// Parses `--scenarios a,b`.
    public static func scenarios(from ids: [String]) throws -> [Scenario] {
        var seen = Set<String>()
        return try ids.filter { seen.insert($0).inserted }.map { id in
            guard let scenario = Scenario(rawValue: id) else {
                throw ConfigError.unknownScenario(id, known: Scenario.allCases.map(\.rawValue))
            }
            return scenario
        }
    }
}

/// What the runner reports while it works. The CLI prints these; tests collect them.
public enum RunEvent: Sendable {
    case note(String)
    case buildStarted(index: Int, total: Int, build: PlannedBuild)
    case phaseStarted(kind: PhaseKind, commandLine: String)
    /// A step line seen in the live output (for a live status line).
    case activity(String)
    case phaseFinished(kind: PhaseKind, seconds: Double, exitCode: Int32)
    case buildFinished(index: Int, total: Int, build: PlannedBuild, summary: BuildSummary)
}

/// The headline figures of one finished build.
public struct BuildSummary: Sendable, Equatable {
    public var status: String
    public var wallSeconds: Double
    public var cachedSteps: Int
    public var totalSteps: Int
    /// Steps a perfect cache would have served but the strategy rebuilt, and their seconds.
    public var missedSteps: Int = 0
    public var missedSeconds: Double = 0
    public var error: String?
}
