import Foundation
import ResultStore

/// A stored run, ready to render.
package struct RunAnalysis: Sendable {
    package var run: RunRecord
    package var builds: [BuildDetail]
    /// Strategies in the order the run listed them (its `strategies` option), else in the order they ran.
    package var strategies: [String]
    /// Scenarios in chain order.
    package var scenarios: [String]
    package var cells: [CellSummary]
    /// The strategy every cell's speedup is measured against (`--speedup-reference`); see `speedups(reference:)`.
    package var speedupReference = "naive"
    /// The run's stored prediction (a calibration run's, or the one this run confirmed), shown by every format.
    package var prediction: PredictionComparison?

    /// A run on several engines groups by strategy and engine: its builds' strategies read `registry-max@docker-26.1`.
    package init(run: RunRecord, builds: [BuildDetail]) {
        self.run = run
        let builds = Self.labelledByEngine(builds)
        self.builds = builds
        var strategies: [String] = []
        var scenarios: [(position: Int, name: String)] = []
        for detail in builds {
            if !strategies.contains(detail.build.strategy) { strategies.append(detail.build.strategy) }
            if !scenarios.contains(where: { $0.name == detail.build.scenario }) {
                scenarios.append((detail.build.chainPosition, detail.build.scenario))
            }
        }
        self.strategies = Self.listedOrder(strategies, options: run.options)
        self.scenarios = scenarios.sorted { $0.position < $1.position }.map(\.name)
        self.cells = []
        // A change that broke the build under every strategy is the scenario's failure, not each strategy's.
        let brokenByTheChange = Set(scenarioErrors.map { [$0.iteration, $0.chainPosition] })
        var cells: [CellSummary] = []
        for strategy in strategies {
            for scenario in self.scenarios {
                let group = builds.filter { $0.build.strategy == strategy && $0.build.scenario == scenario }
                guard !group.isEmpty else { continue }
                let ok = group.filter { $0.build.status == .ok }
                cells.append(CellSummary(
                    strategy: strategy, scenario: scenario,
                    wall: SampleStatistics(ok.map(\.build.wallSeconds)),
                    cachedSteps: ok.isEmpty ? 0 : Double(ok.map(\.cachedSteps).reduce(0, +)) / Double(ok.count),
                    totalSteps: ok.first?.totalSteps ?? 0,
                    missedSteps: ok.isEmpty ? 0 : Double(ok.map(\.missedSteps.count).reduce(0, +)) / Double(ok.count),
                    missedSeconds: ok.isEmpty ? 0 : ok.map(\.missedSeconds).reduce(0, +) / Double(ok.count),
                    builds: group.count,
                    failed: group.filter {
                        $0.build.status == .failed && !brokenByTheChange.contains([$0.build.iteration, $0.build.chainPosition])
                    }.count,
                    unavailable: group.filter { $0.build.status == .unavailable }.count,
                    firstError: group.first(where: { $0.build.error != nil })?.build.error))
            }
        }
        self.cells = cells
    }

    /// Joins `@engine` to each build's strategy when the builds ran on more than one engine; else returns them as they are.
    static func labelledByEngine(_ builds: [BuildDetail]) -> [BuildDetail] {
        guard Set(builds.compactMap(\.build.engine)).count > 1 else { return builds }
        return builds.map { detail in
            var detail = detail
            if let engine = detail.build.engine { detail.build.strategy += "\(engineSeparator)\(engine)" }
            return detail
        }
    }

    /// Between a strategy and its engine in a label: `registry-max@docker-26.1`.
    package static let engineSeparator = "@"

    /// The strategy of a label, without its engine.
    package static func strategyID(of label: String) -> String {
        label.components(separatedBy: engineSeparator).first ?? label
    }

    /// A shuffled run meets its strategies in a random order; its reports keep the order the user gave.
    static func listedOrder(_ seen: [String], options: [String: String]) -> [String] {
        let listed = (options["strategies"] ?? "").split(separator: ",").map(String.init)
        // Labels with an engine keep the listed order of their strategy, engine after engine as they ran.
        let ordered = listed.flatMap { id in seen.filter { $0 == id || strategyID(of: $0) == id } }
        return ordered + seen.filter { !ordered.contains($0) }
    }

    package func cell(_ strategy: String, _ scenario: String) -> CellSummary? {
        cells.first { $0.strategy == strategy && $0.scenario == scenario }
    }

    /// Failed builds, the scenario errors' included (see `scenarioErrors`).
    package var failedBuilds: Int { builds.filter { $0.build.status == .failed }.count }
    package var iterations: Int { builds.map(\.build.iteration).max() ?? 0 }
}
