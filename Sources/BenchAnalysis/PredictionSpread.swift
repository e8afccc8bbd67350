import Foundation

/// Measured spreads that give a prediction its interval: each term's relative spread across the stored builds
/// of the project on the calibration's machine, or the stated default where there is no history.
package struct PredictionSpread: Sendable, Codable, Equatable {
    /// Relative spread of each step's seconds, by `CellWork.Step.spreadKey`, from its rebuilt runs.
    package var steps: [String: SpreadEstimate]
    /// Relative spread of a build command's seconds beyond its steps (cold builds).
    package var overhead: SpreadEstimate?
    /// Relative spread of local pull and push seconds per byte (transfers over 1 MB).
    package var pulls: SpreadEstimate?
    package var pushes: SpreadEstimate?
    /// The builds the measured spreads came from.
    package var builds: Int
    /// Where the spreads come from, said in the report.
    package var source: String

    package init(steps: [String: SpreadEstimate] = [:], overhead: SpreadEstimate? = nil, pulls: SpreadEstimate? = nil,
                 pushes: SpreadEstimate? = nil, builds: Int = 0,
                 source: String = "no history: every term assumes CV 29.8% (16 degrees of freedom)") {
        self.steps = steps; self.overhead = overhead; self.pulls = pulls; self.pushes = pushes; self.builds = builds
        self.source = source
    }
}
