import Foundation
import ResultStore

/// The prediction stored with a run, as `report` shows it: beside the run's measured cells when the run confirmed
/// it, else (a calibration run) the predicted cells themselves.
public enum StoredPrediction: Sendable, Equatable {
    /// The run measured the prediction's leaders: each measured cell's error, on the prediction's first network.
    case confirmed([PredictionError])
    /// The run calibrated the prediction: its cells on every network, and where the intervals came from.
    case predicted(cells: [PredictedCell], networks: [String], calibrationRunId: Int64, spreadSource: String)

    /// The prediction of run `runId`, or nil when it has none.
    public init?(store: ResultStore, runId: Int64) throws {
        guard let (prediction, records) = try store.prediction(forRun: runId) else { return nil }
        let cells = records.map(PredictedCell.init)
        var networks: [String] = []
        for cell in cells where !networks.contains(cell.network) { networks.append(cell.network) }
        if prediction.confirmRunId == runId, let network = networks.first {
            self = .confirmed(PredictionError.pair(cells: cells, network: network, builds: try store.builds(runId: runId)))
        } else {
            self = .predicted(cells: cells, networks: networks, calibrationRunId: prediction.calibrationRunId,
                              spreadSource: prediction.spreadSource)
        }
    }
}

extension PredictionError {
    /// Pairs a prediction's cells on `network` with the measured builds of the same strategy and scenario.
    public static func pair(cells: [PredictedCell], network: String, builds: [BuildDetail]) -> [PredictionError] {
        cells.filter { $0.network == network }.compactMap { cell in
            PredictionError(predicted: cell, measured: builds.filter {
                $0.build.strategy == cell.strategy && $0.build.scenario == cell.scenario
            })
        }
    }
}
