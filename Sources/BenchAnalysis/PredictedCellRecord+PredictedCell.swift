import Foundation
import ResultStore

extension PredictedCellRecord {
    /// The row that stores `cell`.
    package init(_ cell: PredictedCell) {
        self.init(strategy: cell.strategy, scenario: cell.scenario, network: cell.network, steps: cell.steps,
                  overhead: cell.overhead, pulls: cell.pulls, extraction: cell.extraction, pushes: cell.pushes,
                  interval: cell.interval, intervalSource: cell.intervalSource)
    }
}
