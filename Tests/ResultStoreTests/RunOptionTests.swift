import Foundation
import GRDB
@testable import ResultStore
import Testing

/// Facts known only at the end of a run join the options it started with.
@Suite struct RunOptionTests {
    @Test func setRunOptionAddsAKeyAndKeepsTheOthers() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let run = try store.insertRun(sampleRun())
        try store.setRunOption(id: run.id!, key: "packageCacheTraffic", value: "1 https connection(s)")
        #expect(try store.run(id: run.id!).options == ["strategies": "naive", "packageCacheTraffic": "1 https connection(s)"])
    }

    @Test func theStoredTextKeepsItsSlashesAsTheRunWroteThem() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let run = try store.insertRun(sampleRun())
        try store.setRunOption(id: run.id!, key: "network", value: "200mbit:5ms: 200 Mbit/s, 5 ms each way")
        let text = try store.queue.read { try String.fetchOne($0, sql: "SELECT options FROM run WHERE id = ?", arguments: [run.id!]) }
        #expect(text?.contains("200 Mbit/s") == true, "not \\/: readers search the stored text")
    }
}
