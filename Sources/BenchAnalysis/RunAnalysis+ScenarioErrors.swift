import Foundation
import ResultStore

extension RunAnalysis {
    /// Scenarios that edit something and broke every strategy's build (see `ScenarioError`). Needs at least
    /// two strategies, so that "every strategy" means more than one.
    package var scenarioErrors: [ScenarioError] {
        let changing: Set<String> = ["source-change", "dependency-change", "base-change"]
        let available = builds.filter { $0.build.status != .unavailable }
        var out: [ScenarioError] = []
        let positions = Set(available.map { [$0.build.iteration, $0.build.chainPosition] })
        for key in positions.sorted(by: { ($0[0], $0[1]) < ($1[0], $1[1]) }) {
            let group = available.filter { $0.build.iteration == key[0] && $0.build.chainPosition == key[1] }
            guard group.count >= 2, let scenario = group.first?.build.scenario, changing.contains(scenario),
                  group.allSatisfy({ $0.build.status == .failed }),
                  group.allSatisfy({ previousWorked($0.build) }) else { continue }
            out.append(ScenarioError(scenario: scenario, iteration: key[0], chainPosition: key[1],
                                     strategies: group.map(\.build.strategy),
                                     controlFailed: group.contains { $0.build.strategy == "none" },
                                     error: group.first?.build.error))
        }
        return out
    }

    /// True when a build is one of a scenario error, so reports can show it as the scenario's failure.
    func isScenarioError(_ build: BuildRecord) -> Bool {
        scenarioErrors.contains { $0.iteration == build.iteration && $0.chainPosition == build.chainPosition }
    }

    private func previousWorked(_ build: BuildRecord) -> Bool {
        builds.contains {
            $0.build.strategy == build.strategy && $0.build.iteration == build.iteration
                && $0.build.chainPosition == build.chainPosition - 1 && $0.build.status == .ok
        }
    }
}
