import Foundation
import ResultStore

/// Every stored run of a database, oldest first, each analysed (`cachebench history`), optionally narrowed to one
/// strategy and one scenario.
package struct RunHistory: Sendable {
    package var runs: [RunAnalysis]

    package init(runs: [RunAnalysis]) { self.runs = runs }

    /// Reads every run of `store`; a database without runs is an error that names it.
    package init(store: ResultStore, strategy: String? = nil, scenario: String? = nil) throws {
        let records = try store.runs()
        guard !records.isEmpty else { throw StoreError.noRuns(path: store.path) }
        runs = try records.map { run in
            let builds = try store.builds(runId: run.id!).filter {
                (strategy == nil || $0.build.strategy == strategy) && (scenario == nil || $0.build.scenario == scenario)
            }
            return RunAnalysis(run: run, builds: builds)
        }
    }

    /// Every strategy · scenario cell that some run has, in the order they first appear.
    package var cells: [(strategy: String, scenario: String)] {
        var cells: [(strategy: String, scenario: String)] = []
        for run in runs {
            for cell in run.cells where !cells.contains(where: { $0 == (cell.strategy, cell.scenario) }) {
                cells.append((cell.strategy, cell.scenario))
            }
        }
        return cells
    }
}
