import Foundation
import GRDB

extension ResultStore {
    /// Writes `source` as zlib-compressed chunks of phase `phaseId`, inside the caller's transaction.
    static func insertChunks(_ source: RawOutputSource, phaseId: Int64, db: Database) throws {
        var ordinal = 0
        while let piece = try source.next(), !piece.isEmpty {
            try db.execute(sql: "INSERT INTO outputChunk (phaseId, ordinal, rawBytes, data) VALUES (?, ?, ?, ?)",
                           arguments: [phaseId, ordinal, piece.count, try Deflate.compress(piece)])
            ordinal += 1
        }
    }

    /// Writes a phase's spilled output as zlib-compressed chunks, each with the times of the lines that start in it.
    static func insertChunks(_ spilled: SpilledOutput, phaseId: Int64, db: Database) throws {
        let reader = try spilled.reader()
        var ordinal = try Int.fetchOne(db, sql: "SELECT count(*) FROM outputChunk WHERE phaseId = ?", arguments: [phaseId]) ?? 0
        while let (text, times) = try reader.next() {
            try db.execute(sql: "INSERT INTO outputChunk (phaseId, ordinal, rawBytes, data, lineTimes) VALUES (?, ?, ?, ?, ?)",
                           arguments: [phaseId, ordinal, text.count, try Deflate.compress(text), try StoredJSON.text(times)])
            ordinal += 1
        }
    }

    /// A phase's line times: its row's, then each chunk's (an ingested log's chunks have none).
    package func lineTimes(phaseId: Int64) throws -> [Double] {
        try queue.read { db in
            var times = try PhaseRecord.filter(key: phaseId).fetchAll(db, store: self).first?.lineTimes ?? []
            let rows = try Row.fetchCursor(db, sql: "SELECT id, lineTimes FROM outputChunk WHERE phaseId = ? ORDER BY ordinal",
                                           arguments: [phaseId])
            while let row = try rows.next() {
                guard let text: String = row["lineTimes"] else { continue }
                guard let chunk = try? JSONDecoder().decode([Double].self, from: Data(text.utf8)) else {
                    throw StoreError.unreadableRow(path: path, table: "outputChunk", id: row["id"],
                                                   reason: "lineTimes: not a JSON array of numbers")
                }
                times += chunk
            }
            return times
        }
    }

    /// Calls `body` with each stored chunk of a phase's raw output, decompressed, in order (one in memory at a time).
    package func forEachOutputChunk(phaseId: Int64, _ body: (Data) throws -> Void) throws {
        try queue.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT rawBytes, data FROM outputChunk WHERE phaseId = ? ORDER BY ordinal",
                                           arguments: [phaseId])
            while let row = try rows.next() {
                try body(try Deflate.decompress(row["data"], rawBytes: row["rawBytes"]))
            }
        }
    }

    /// A phase's whole raw output: its `output` column followed by its stored chunks.
    package func rawOutput(phaseId: Int64) throws -> Data {
        var data = Data(try queue.read { try String.fetchOne($0, sql: "SELECT output FROM phase WHERE id = ?",
                                                              arguments: [phaseId]) ?? "" }.utf8)
        try forEachOutputChunk(phaseId: phaseId) { data.append($0) }
        return data
    }
}
