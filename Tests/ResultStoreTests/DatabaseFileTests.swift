import Foundation
import GRDB
@testable import ResultStore
import Testing

/// The file on disk: permissions, WAL, read-only opening, and every bad file a user can point --db at.
@Suite struct DatabaseFileTests {
    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber).intValue & 0o777
    }

    /// The bytes and modification time of the file, to prove that reading left it alone.
    func fingerprint(_ path: String) throws -> (Data, Date?) {
        (try Data(contentsOf: URL(fileURLWithPath: path)),
         try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
    }

    /// A database as cachebench wrote it before `v3-ideal-cache`: one run with one build, written by raw SQL.
    func olderDatabase(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try ResultStore.migrator.migrate(queue, upTo: "v2-layers")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO run (id, startedAt, status, project, dockerfile, engineVersions, options, host)
                VALUES (1, '2026-01-01 00:00:00.000', 'completed', '/p', 'FROM x', '{}', '{}', 'h');
                INSERT INTO build (runId, strategy, scenario, iteration, chainPosition, status, wallSeconds,
                                   engineStartupSeconds, startedAt)
                VALUES (1, 'naive', 'cold', 1, 0, 'ok', 12.5, 0.5, '2026-01-01 00:00:00.000');
                """)
        }
    }

    @Test func newDatabaseIsPrivateAndInWALMode() throws {
        let tmp = try TempDatabase()
        let path = "\(tmp.directory)/a/b/results.sqlite"
        let store = try ResultStore(path: path)
        #expect(try mode(path) == 0o600)
        #expect(try mode("\(tmp.directory)/a") == 0o700)
        #expect(try mode("\(tmp.directory)/a/b") == 0o700)
        #expect(try store.queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test func existingDirectoryKeepsItsMode() throws {
        let tmp = try TempDatabase()
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tmp.directory)
        _ = try ResultStore(path: tmp.path)
        #expect(try mode(tmp.directory) == 0o755)
    }

    @Test func olderSchemaIsReadThroughAMigratedCopyAndTheFileIsUntouched() throws {
        let tmp = try TempDatabase()
        try olderDatabase(tmp.path)
        let before = try fingerprint(tmp.path)
        let store = try ResultStore.openExisting(path: tmp.path)
        #expect(try store.runs().map(\.id) == [1])
        let builds = try store.builds(runId: 1)
        #expect(builds.map(\.build.wallSeconds) == [12.5])
        #expect(builds.first?.steps.isEmpty == true)
        #expect(try store.appliedMigrations().last == "output-chunk-line-times")
        let after = try fingerprint(tmp.path)
        #expect(after.0 == before.0)
        #expect(after.1 == before.1)
        let onDisk = try DatabaseQueue(path: tmp.path)
        #expect(try onDisk.read { try ResultStore.migrator.appliedMigrations($0) } == ["v1", "v2-layers"])
    }

    @Test func currentSchemaIsReadWithoutWriting() throws {
        let tmp = try TempDatabase()
        do {
            let store = try ResultStore(path: tmp.path)
            _ = try store.insertRun(sampleRun(status: .completed))
        }
        let before = try fingerprint(tmp.path)
        #expect(try ResultStore.openExisting(path: tmp.path).runs().count == 1)
        #expect(throws: (any Error).self) { try ResultStore.openExisting(path: tmp.path).insertRun(sampleRun()) }
        #expect(try fingerprint(tmp.path).0 == before.0)
    }

    @Test func newerSchemaIsRefusedByReadersToo() throws {
        let tmp = try TempDatabase()
        _ = try ResultStore(path: tmp.path)
        try DatabaseQueue(path: tmp.path).write {
            try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        #expect(throws: StoreError.newerSchema(path: tmp.path)) { try ResultStore.openExisting(path: tmp.path) }
        #expect(throws: StoreError.newerSchema(path: tmp.path)) { try ResultStore(path: tmp.path) }
    }

    @Test func textFileIsCorrupt() throws {
        let tmp = try TempDatabase()
        let text = Data(String(repeating: "step 1/3 : FROM debian\n", count: 200).utf8)
        try text.write(to: URL(fileURLWithPath: tmp.path))
        #expect(throws: StoreError.corrupt(path: tmp.path)) { try ResultStore(path: tmp.path) }
        #expect(throws: StoreError.corrupt(path: tmp.path)) { try ResultStore.openExisting(path: tmp.path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: tmp.path)) == text)
    }

    @Test func damagedDatabaseIsCorrupt() throws {
        let tmp = try TempDatabase()
        _ = try ResultStore(path: tmp.path)
        // Keep SQLite's 16-byte magic, overwrite the rest of the header page (page size, schema) with junk.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: tmp.path))
        for i in 16..<min(bytes.count, 4096) { bytes[i] = 0xA5 }
        try bytes.write(to: URL(fileURLWithPath: tmp.path))
        try? FileManager.default.removeItem(atPath: tmp.path + "-wal")
        try? FileManager.default.removeItem(atPath: tmp.path + "-shm")
        #expect(throws: StoreError.corrupt(path: tmp.path)) { try ResultStore.openExisting(path: tmp.path) }
        #expect(throws: StoreError.corrupt(path: tmp.path)) { try ResultStore(path: tmp.path) }
    }

    @Test func readOnlyFileIsRefusedByWritersAndReadByReaders() throws {
        let tmp = try TempDatabase()
        do { _ = try ResultStore(path: tmp.path).insertRun(sampleRun(status: .completed)) }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: tmp.path)
        #expect(throws: StoreError.readOnly(path: tmp.path)) { try ResultStore(path: tmp.path) }
        #expect(try ResultStore.openExisting(path: tmp.path).runs().count == 1)
    }

    /// What `run` checks before it starts an engine: every bad file is refused, and nothing is created or changed.
    @Test func checkWritableRefusesEachBadFileAndTouchesNothing() throws {
        let tmp = try TempDatabase()
        try ResultStore.checkWritable(path: tmp.path)
        #expect(!FileManager.default.fileExists(atPath: tmp.path))

        try olderDatabase(tmp.path)
        let before = try fingerprint(tmp.path)
        try ResultStore.checkWritable(path: tmp.path)
        #expect(try fingerprint(tmp.path).0 == before.0, "an older schema is fine and stays as it is")

        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: tmp.path)
        #expect(throws: StoreError.readOnly(path: tmp.path)) { try ResultStore.checkWritable(path: tmp.path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tmp.path)

        try DatabaseQueue(path: tmp.path).write {
            try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        #expect(throws: StoreError.newerSchema(path: tmp.path)) { try ResultStore.checkWritable(path: tmp.path) }

        try Data("not a database\n".utf8).write(to: URL(fileURLWithPath: tmp.path))
        #expect(throws: StoreError.corrupt(path: tmp.path)) { try ResultStore.checkWritable(path: tmp.path) }
    }

    @Test func missingFileIsReportedAndNotCreated() throws {
        let tmp = try TempDatabase()
        #expect(throws: StoreError.noRuns(path: tmp.path)) { try ResultStore.openExisting(path: tmp.path) }
        #expect(!FileManager.default.fileExists(atPath: tmp.path))
    }

    @Test func messagesAreOneLineAndSayWhatToDo() {
        let cases: [(StoreError, String)] = [
            (.corrupt(path: "/x/r.sqlite"),
             "/x/r.sqlite is not a cachebench database or is damaged: move it aside (or restore a backup), or pass --db with another file."),
            (.readOnly(path: "/x/r.sqlite"),
             "/x/r.sqlite is read-only: make it writable (chmod u+w '/x/r.sqlite'), or pass --db with another file."),
            (.busy(path: "/x/r.sqlite"),
             "/x/r.sqlite stayed locked by another process for 10 s: wait for it to finish and retry, or pass --db with another file."),
            (.diskFull(path: "/x/r.sqlite"),
             "the disk holding /x/r.sqlite is full: free some space and retry, or pass --db with a file on another disk."),
        ]
        for (error, text) in cases {
            #expect(error.localizedDescription == text)
            #expect(!text.contains("\n"))
        }
    }

    /// One connection holds an exclusive write transaction (as `run` does while it inserts a build); a reader
    /// still gets the last committed state. Without WAL the reader would get SQLITE_BUSY after the busy timeout.
    @Test func readersDoNotWaitForAWriter() throws {
        let tmp = try TempDatabase()
        let store = try ResultStore(path: tmp.path)
        _ = try store.insertRun(sampleRun(status: .completed))
        let writer = try DatabaseQueue(path: tmp.path)
        var seen: Int?
        try writer.writeWithoutTransaction { db in
            try db.inTransaction(.exclusive) {
                var run = sampleRun()
                try run.insert(db)
                seen = try ResultStore.openExisting(path: tmp.path).runs().count
                return .rollback
            }
        }
        #expect(seen == 1, "the committed run, not the uncommitted one")
    }

    /// The same lock held past the busy timeout makes a build insert fail: the build is kept, not lost.
    @Test func insertBusyPastTheTimeoutKeepsTheBuild() throws {
        let tmp = try TempDatabase()
        let store = try ResultStore(path: tmp.path)
        let run = try store.insertRun(sampleRun())
        let writer = try DatabaseQueue(path: tmp.path)
        var outcome: BuildInsertOutcome?
        try writer.writeWithoutTransaction { db in
            try db.inTransaction(.exclusive) {
                outcome = try store.insertBuildOrKeep(sampleBuild(runId: run.id!))
                return .rollback
            }
        }
        guard case .kept(let file, let reason) = outcome else { Issue.record("stored: \(String(describing: outcome))"); return }
        #expect(reason == StoreError.busy(path: tmp.path).localizedDescription)
        #expect(FileManager.default.fileExists(atPath: file))
        #expect(try store.builds(runId: run.id!).isEmpty)
    }
}
