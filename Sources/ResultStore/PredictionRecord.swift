import Foundation
import GRDB

/// A prediction made from a calibration run (`cachebench predict`), optionally confirmed by a measured run.
package struct PredictionRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "prediction"
    package var id: Int64?
    /// The run whose instrumented cold builds gave the inputs.
    package var calibrationRunId: Int64
    /// The run that measured the leaders (`run --confirm N`), when there was one.
    package var confirmRunId: Int64?
    package var createdAt: Date
    /// JSON object: the measured rates the model used.
    package var rates: String
    /// Where the intervals' spreads came from.
    package var spreadSource: String

    package init(id: Int64? = nil, calibrationRunId: Int64, confirmRunId: Int64? = nil, createdAt: Date = Date(),
                 rates: String, spreadSource: String) {
        self.id = id; self.calibrationRunId = calibrationRunId; self.confirmRunId = confirmRunId
        self.createdAt = createdAt; self.rates = rates; self.spreadSource = spreadSource
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
