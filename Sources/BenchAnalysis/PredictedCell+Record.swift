import Foundation
import ResultStore

extension PredictedCell {
    /// A stored cell.
    package init(_ record: PredictedCellRecord) {
        self.init(strategy: record.strategy, scenario: record.scenario, network: record.network, steps: record.steps,
                  overhead: record.overhead, pulls: record.pulls, extraction: record.extraction, pushes: record.pushes,
                  interval: record.interval, intervalSource: record.intervalSource ?? "")
    }
}
