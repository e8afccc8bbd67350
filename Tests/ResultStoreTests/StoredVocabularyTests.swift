import Foundation
import GRDB
@testable import ResultStore
import Testing

/// Statuses, kinds and actions are read back as enums: a value this version does not know is an error that
/// names the table and the row, never a silent default.
@Suite struct StoredVocabularyTests {
    /// The texts a store written before the enums holds (the golden fixture's `run`, `build`, `phase` and `layer`
    /// rows, and `LogIngest`'s `ingested`), read back as the cases.
    @Test func textsWrittenBeforeTheEnumsReadBack() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let run = try store.insertRun(sampleRun())
        let buildId = try store.insertBuild(sampleBuild(runId: run.id!))
        try store.queue.write { db in
            try db.execute(sql: "UPDATE run SET status = 'ingested'")
            try db.execute(sql: "UPDATE build SET status = 'unavailable'")
            try db.execute(sql: "UPDATE phase SET kind = 'push' WHERE ordinal = 0")
            try db.execute(sql: """
                INSERT INTO layer (buildId, phaseId, ordinal, layerId, action, bytes)
                SELECT ?, id, 0, '6cb334997a28', 'already-exists', 2280 FROM phase WHERE ordinal = 0
                """, arguments: [buildId])
        }
        #expect(try store.run(id: run.id!).status == .ingested)
        let detail = try #require(try store.builds(runId: run.id!).first)
        #expect(detail.build.status == .unavailable)
        #expect(detail.phases.map(\.kind) == [.push, .build])
        #expect(detail.layers.map(\.action) == [.alreadyExists])
    }

    /// And the cases are stored as those same texts.
    @Test func casesAreStoredAsTheirTexts() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let run = try store.insertRun(sampleRun())
        var new = sampleBuild(runId: run.id!)
        new.build.status = .failed
        new.layers = [(0, LayerRecord(ordinal: 0, layerId: "ci-cache", action: .restored, bytes: 12))]
        try store.insertBuild(new)
        try store.finishRun(id: run.id!, status: .interrupted)
        let texts = try store.queue.read { db in
            [try String.fetchOne(db, sql: "SELECT status FROM run"), try String.fetchOne(db, sql: "SELECT status FROM build"),
             try String.fetchOne(db, sql: "SELECT group_concat(kind) FROM (SELECT kind FROM phase ORDER BY ordinal)"),
             try String.fetchOne(db, sql: "SELECT action FROM layer")]
        }
        #expect(texts == ["interrupted", "failed", "pull,build", "restored"])
    }

    @Test(arguments: [("run", "status"), ("build", "status"), ("phase", "kind"), ("layer", "action"), ("step", "idealState")])
    func anUnknownValueNamesTheTableAndTheRow(table: String, column: String) throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let run = try store.insertRun(sampleRun())
        var new = sampleBuild(runId: run.id!)
        new.layers = [(0, LayerRecord(ordinal: 0, layerId: "6cb334997a28", action: .pushed, bytes: 1))]
        try store.insertBuild(new)
        let id = try store.queue.write { db in
            let id = try #require(try Int64.fetchOne(db, sql: "SELECT max(id) FROM \(table)"))
            try db.execute(sql: "UPDATE \(table) SET \(column) = 'exploded' WHERE id = ?", arguments: [id])
            return id
        }
        let error = #expect(throws: StoreError.self) {
            if table == "run" { _ = try store.runs() } else { _ = try store.builds(runId: run.id!) }
        }
        guard case .unreadableRow(let path, let badTable, let badId, let reason) = error else {
            Issue.record("expected unreadableRow, got \(String(describing: error))")
            return
        }
        #expect(path == db.path)
        #expect(badTable == table)
        #expect(badId == id)
        #expect(reason.contains("exploded"))
        let message = try #require(error?.errorDescription)
        #expect(message.hasPrefix("\(db.path): row \(id) of table \(table) cannot be read ("))
        #expect(!message.contains("\n"))
    }
}
