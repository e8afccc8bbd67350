import Foundation
import GRDB

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
