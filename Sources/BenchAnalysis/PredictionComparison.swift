import Foundation
import ResultStore

/// A run's stored prediction, ready to render beside the run: every predicted cell and, for the run that measured
/// them (`run --confirm N`, `predict --measured`), each measured cell's error. Every report format shows it.
package struct PredictionComparison: Sendable {
    package var predictionId: Int64
    /// The run whose instrumented cold builds gave the inputs.
    package var calibrationRunId: Int64
    /// The run that measured the cells, when this run is it.
    package var measuredRunId: Int64?
    /// Where the intervals' spreads came from.
    package var spreadSource: String
    /// Every predicted cell, on every link.
    package var cells: [PredictedCell]
    /// The measured cells beside their predictions, on the link the run measured (the first one predicted).
    package var errors: [PredictionError]
    /// Whether the predicted winner was the measured winner among the measured strategies.
    package var recommendation: RecommendationCheck?

    package init(predictionId: Int64, calibrationRunId: Int64, measuredRunId: Int64? = nil, spreadSource: String,
                 cells: [PredictedCell], errors: [PredictionError] = []) {
        self.predictionId = predictionId; self.calibrationRunId = calibrationRunId; self.measuredRunId = measuredRunId
        self.spreadSource = spreadSource; self.cells = cells; self.errors = errors
    }

    /// The links predicted, in the order they were.
    package var links: [String] {
        var seen = Set<String>()
        return cells.map(\.network).filter { seen.insert($0).inserted }
    }

    /// Cells whose error passes `PredictionError.threshold`.
    package var flagged: [PredictionError] { errors.filter(\.flagged) }

    /// The newest prediction made from, or confirmed by, run `runId`; nil when there is none.
    package static func stored(store: ResultStore, runId: Int64) throws -> PredictionComparison? {
        guard let (prediction, records) = try store.prediction(forRun: runId) else { return nil }
        var comparison = PredictionComparison(predictionId: prediction.id ?? 0, calibrationRunId: prediction.calibrationRunId,
                                              spreadSource: prediction.spreadSource, cells: records.map(PredictedCell.init))
        if prediction.confirmRunId == runId {
            comparison.measure(run: try store.run(id: runId), builds: try store.builds(runId: runId))
        }
        return comparison
    }

    /// Sets the measured run beside the prediction: each measured cell's error and whether the recommendation held,
    /// on the link the run measured (the first one predicted).
    package mutating func measure(run: RunRecord, builds: [BuildDetail]) {
        guard let link = links.first else { return }
        measuredRunId = run.id
        errors = PredictionError.pair(cells: cells, network: link, builds: builds)
        recommendation = RecommendationCheck(cells: cells, link: link, analysis: RunAnalysis(run: run, builds: builds))
    }
}

extension PredictionError {
    /// Pairs a prediction's cells on `network` with the measured builds of the same strategy and scenario.
    package static func pair(cells: [PredictedCell], network: String, builds: [BuildDetail]) -> [PredictionError] {
        cells.filter { $0.network == network }.compactMap { cell in
            PredictionError(predicted: cell, measured: builds.filter {
                $0.build.strategy == cell.strategy && $0.build.scenario == cell.scenario
            })
        }
    }
}
