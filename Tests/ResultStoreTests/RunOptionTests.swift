import Foundation
import ResultStore
import Testing

/// Facts known only at the end of a run join the options it started with.
@Suite struct RunOptionTests {
    @Test func setRunOptionAddsAKeyAndKeepsTheOthers() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let run = try store.insertRun(sampleRun())
        try store.setRunOption(id: run.id!, key: "packageCacheTraffic", value: "1 https connection(s)")
        let options = try JSONDecoder().decode([String: String].self, from: Data(try store.run(id: run.id!).options.utf8))
        #expect(options == ["strategies": "naive", "packageCacheTraffic": "1 https connection(s)"])
    }

    @Test func theStoredTextKeepsItsSlashesAsTheRunWroteThem() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let run = try store.insertRun(sampleRun())
        try store.setRunOption(id: run.id!, key: "network", value: "200mbit:5ms: 200 Mbit/s, 5 ms each way")
        #expect(try store.run(id: run.id!).options.contains("200 Mbit/s"), "not \\/: readers search the stored text")
    }
}
