import Foundation
import GRDB

/// One predicted strategy × scenario × network cell, term by term.
package struct PredictedCellRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "predictedCell"
    package var id: Int64?
    package var predictionId: Int64
    package var strategy: String
    package var scenario: String
    package var network: String
    package var steps: Double
    package var overhead: Double
    package var pulls: Double
    package var extraction: Double
    package var pushes: Double
    /// Half-width of the 95 % interval.
    package var interval: Double
    /// Where the interval's spreads came from ("spread from 12 stored builds on this machine", "no history: ...");
    /// nil for cells stored before it was recorded (migration `predicted-cell-interval-source`).
    package var intervalSource: String?

    package init(id: Int64? = nil, predictionId: Int64 = 0, strategy: String, scenario: String, network: String, steps: Double,
                 overhead: Double, pulls: Double, extraction: Double, pushes: Double, interval: Double,
                 intervalSource: String? = nil) {
        self.id = id; self.predictionId = predictionId; self.strategy = strategy; self.scenario = scenario
        self.network = network; self.steps = steps; self.overhead = overhead; self.pulls = pulls
        self.extraction = extraction; self.pushes = pushes; self.interval = interval; self.intervalSource = intervalSource
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
