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

extension ResultStore {
    /// The `predict-tables` migration: predictions and their cells.
    static func createPredictionTables(_ db: Database) throws {
        try db.create(table: "prediction") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("calibrationRun", inTable: "run", onDelete: .cascade).notNull()
            t.belongsTo("confirmRun", inTable: "run", onDelete: .setNull)
            t.column("createdAt", .datetime).notNull()
            t.column("rates", .text).notNull()
            t.column("spreadSource", .text).notNull()
        }
        try db.create(table: "predictedCell") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("prediction", onDelete: .cascade).notNull()
            t.column("strategy", .text).notNull()
            t.column("scenario", .text).notNull()
            t.column("network", .text).notNull()
            t.column("steps", .double).notNull()
            t.column("overhead", .double).notNull()
            t.column("pulls", .double).notNull()
            t.column("extraction", .double).notNull()
            t.column("pushes", .double).notNull()
            t.column("interval", .double).notNull()
        }
    }

    /// The `predicted-cell-interval-source` migration: each cell says where its interval's spreads came from.
    static func addIntervalSource(_ db: Database) throws {
        try db.alter(table: "predictedCell") { t in t.add(column: "intervalSource", .text) }
    }

    /// Writes a prediction and its cells in one transaction; returns the prediction's id.
    @discardableResult
    package func insertPrediction(_ prediction: PredictionRecord, cells: [PredictedCellRecord]) throws -> Int64 {
        try queue.write { db in
            var prediction = prediction
            try prediction.insert(db)
            for cell in cells {
                var cell = cell
                cell.predictionId = prediction.id!
                try cell.insert(db)
            }
            return prediction.id!
        }
    }

    /// Links a prediction to the run that measured it.
    package func confirmPrediction(id: Int64, runId: Int64) throws {
        try queue.write { db in
            try db.execute(sql: "UPDATE prediction SET confirmRunId = ? WHERE id = ?", arguments: [runId, id])
        }
    }

    /// The newest prediction whose calibration or confirmation is `runId`, with its cells.
    package func prediction(forRun runId: Int64) throws -> (prediction: PredictionRecord, cells: [PredictedCellRecord])? {
        try queue.read { db in
            guard let prediction = try PredictionRecord
                .filter(Column("calibrationRunId") == runId || Column("confirmRunId") == runId)
                .order(Column("id").desc).limit(1).fetchAll(db, store: self).first else { return nil }
            let cells = try PredictedCellRecord.filter(Column("predictionId") == prediction.id!).order(Column("id"))
                .fetchAll(db, store: self)
            return (prediction, cells)
        }
    }
}
