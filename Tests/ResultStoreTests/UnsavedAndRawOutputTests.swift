import Foundation
import GRDB
@testable import ResultStore
import Testing

/// A build whose insert fails is kept as JSON next to the database; nothing half-written stays behind.
@Suite struct UnsavedBuildTests {
    func refuseSteps(_ path: String) throws {
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_steps BEFORE INSERT ON step
                BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END
                """)
        }
    }

    func counts(_ path: String) throws -> [Int] {
        try DatabaseQueue(path: path).read { db in
            try ["build", "phase", "step", "outputChunk"].map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? -1 }
        }
    }

    @Test func failedInsertIsKeptAsJSONAndRolledBack() throws {
        let tmp = try TempDatabase()
        let store = try ResultStore(path: tmp.path)
        let run = try store.insertRun(sampleRun())
        try refuseSteps(tmp.path)
        let new = sampleBuild(runId: run.id!)
        let outcome = try store.insertBuildOrKeep(new)
        guard case .kept(let file, let reason) = outcome else { Issue.record("stored: \(outcome)"); return }
        #expect(reason == "SQLite refused the insert (refused by test trigger).")
        #expect(try counts(tmp.path) == [0, 0, 0, 0], "no half-written build")
        #expect(URL(fileURLWithPath: file).deletingLastPathComponent().path == "\(tmp.directory)/unsaved-builds")
        #expect(try (FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        let kept = try UnsavedBuild.read(from: URL(fileURLWithPath: file))
        #expect(kept.reason == reason)
        #expect(kept.build == new.build)
        #expect(kept.phases.map(\.phase) == new.phases.map(\.phase))
        #expect(kept.phases.map(\.steps) == new.phases.map(\.steps))

        // Once the cause is gone, the kept build goes in as it was.
        try DatabaseQueue(path: tmp.path).write { try $0.execute(sql: "DROP TRIGGER refuse_steps") }
        guard case .stored(let id) = try store.insertBuildOrKeep(kept.newBuild) else { Issue.record("not stored"); return }
        #expect(try store.builds(runId: run.id!).first?.build.id == id)
        #expect(try counts(tmp.path) == [1, 2, 3, 0])
    }

    @Test func buildThatCannotBeKeptEitherStopsWithBothReasons() throws {
        let tmp = try TempDatabase()
        let store = try ResultStore(path: tmp.path)
        let run = try store.insertRun(sampleRun())
        try refuseSteps(tmp.path)
        // A regular file where the unsaved-builds directory should go.
        try Data("x".utf8).write(to: store.unsavedDirectory)
        #expect {
            _ = try store.insertBuildOrKeep(sampleBuild(runId: run.id!))
        } throws: { error in
            guard case StoreError.buildLost(let path, let reason, _) = error else { return false }
            return path == tmp.path && reason.contains("refused by test trigger")
        }
        #expect(try counts(tmp.path) == [0, 0, 0, 0])
    }

    @Test func keptBuildIsImportedAndItsFileRemoved() throws {
        let tmp = try TempDatabase()
        let store = try ResultStore(path: tmp.path)
        let run = try store.insertRun(sampleRun())
        try refuseSteps(tmp.path)
        guard case .kept(let file, _) = try store.insertBuildOrKeep(sampleBuild(runId: run.id!)) else {
            Issue.record("stored although the trigger refuses steps"); return
        }
        try DatabaseQueue(path: tmp.path).write { try $0.execute(sql: "DROP TRIGGER refuse_steps") }
        let (buildId, runId) = try store.importUnsaved(URL(fileURLWithPath: file))
        #expect(runId == run.id)
        #expect(try store.builds(runId: run.id!).map(\.build.id) == [buildId])
        #expect(try counts(tmp.path) == [1, 2, 3, 0])
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test func importRefusesOtherFilesAndUnknownRuns() throws {
        let tmp = try TempDatabase()
        let store = try ResultStore(path: tmp.path)
        let other = URL(fileURLWithPath: "\(tmp.directory)/other.json")
        try Data(#"{"hello": 1}"#.utf8).write(to: other)
        #expect(throws: StoreError.notAnUnsavedBuild(file: other.path)) { try store.importUnsaved(other) }
        let orphan = URL(fileURLWithPath: "\(tmp.directory)/orphan.json")
        try JSONEncoder().encode(UnsavedBuild(sampleBuild(runId: 7), reason: "test")).write(to: orphan)
        #expect(throws: StoreError.noSuchRun(id: 7, path: tmp.path)) { try store.importUnsaved(orphan) }
        #expect(FileManager.default.fileExists(atPath: orphan.path), "a file that was not imported stays")
    }

    @Test func failedPlainInsertIsAOneLineError() throws {
        let tmp = try TempDatabase()
        let store = try ResultStore(path: tmp.path)
        let run = try store.insertRun(sampleRun())
        try refuseSteps(tmp.path)
        #expect(throws: StoreError.writeFailed(path: tmp.path, reason: "refused by test trigger")) {
            try store.insertBuild(sampleBuild(runId: run.id!))
        }
        #expect(StoreError.writeFailed(path: "/x/r.sqlite", reason: "refused by test trigger").localizedDescription
            == "could not write to /x/r.sqlite: refused by test trigger. Check the disk and the file, and retry.")
    }
}

/// Raw output streamed into compressed chunks comes back byte for byte.
@Suite struct RawOutputTests {
    @Test func chunksRoundTripInOrder() throws {
        let tmp = try TempDatabase()
        let store = try ResultStore(path: tmp.path)
        let run = try store.insertRun(sampleRun())
        let pieces = [Data(String(repeating: "#5 0.312 compiling\n", count: 5000).utf8), Data([0xFF, 0x00, 0x0A]),
                      Data("#6 DONE 0.1s\n".utf8)]
        var remaining = pieces
        let source = RawOutputSource(phaseIndex: 1) { remaining.isEmpty ? nil : remaining.removeFirst() }
        let buildId = try store.insertBuild(sampleBuild(runId: run.id!), rawOutput: source)
        let phase = try #require(try store.builds(runId: run.id!).first { $0.build.id == buildId }?.phases[1])
        // The phase's own `output` column comes first, then the chunks.
        #expect(try store.rawOutput(phaseId: phase.id!) == Data(phase.output.utf8) + pieces.reduce(Data(), +))
        var seen: [Int] = []
        try store.forEachOutputChunk(phaseId: phase.id!) { seen.append($0.count) }
        #expect(seen == pieces.map(\.count))
        let stored = try DatabaseQueue(path: tmp.path).read {
            try Int.fetchOne($0, sql: "SELECT length(data) FROM outputChunk WHERE ordinal = 0") ?? 0
        }
        #expect(stored < pieces[0].count / 20, "95,000 bytes of one repeated line compress to a few hundred")
    }

    @Test func damagedChunkIsAnErrorNotACrash() throws {
        let tmp = try TempDatabase()
        let store = try ResultStore(path: tmp.path)
        let run = try store.insertRun(sampleRun())
        var once: Data? = Data("hello\n".utf8)
        let buildId = try store.insertBuild(sampleBuild(runId: run.id!),
                                            rawOutput: RawOutputSource(phaseIndex: 0) { defer { once = nil }; return once })
        try DatabaseQueue(path: tmp.path).write { try $0.execute(sql: "UPDATE outputChunk SET data = x'00010203'") }
        let phase = try #require(try store.builds(runId: run.id!).first { $0.build.id == buildId }?.phases[0])
        #expect(throws: (any Error).self) { try store.rawOutput(phaseId: phase.id!) }
    }
}
