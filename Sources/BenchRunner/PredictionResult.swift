import BenchAnalysis
import BuildEngine
import Foundation

/// A stored prediction: every strategy × scenario × link cell, and what it was made from.
package struct PredictionResult: Sendable {
    package var predictionId: Int64
    package var calibrationRunId: Int64
    package var cells: [PredictedCell]
    package var links: [Link]
    package var spread: PredictionSpread
    /// Strategies no calibration covers (their builder was unavailable), with why.
    package var uncovered: [String]
    package var weights: [String: Double]?
}
