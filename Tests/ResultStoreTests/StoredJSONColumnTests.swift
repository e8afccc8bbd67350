import Foundation
import GRDB
@testable import ResultStore
import Testing

/// argv, environment, line times, options and engine versions are typed, and stored as the same JSON text as before.
@Suite struct StoredJSONColumnTests {
    /// Phase 3 of the golden fixture (Tests/IntegrationTests/Golden/fixtures/hello-c-run.sql), as a run of the
    /// previous version stored it.
    static let fixtureArgv = #"["/usr/bin/docker","pull","127.0.0.1:48019/r1-i1/single-tag/hello-c:latest"]"#
    static let fixtureEnvironment = #"{"DOCKER_BUILDKIT":"0","DOCKER_HOST":"unix:///tmp/cb-run-sIhZqN/cb-6Dl4Sd/sock"}"#
    static let fixtureLineTimes = "[0.246]"

    static let argv = ["/usr/bin/docker", "pull", "127.0.0.1:48019/r1-i1/single-tag/hello-c:latest"]
    static let environment = ["DOCKER_HOST": "unix:///tmp/cb-run-sIhZqN/cb-6Dl4Sd/sock", "DOCKER_BUILDKIT": "0"]

    func storeWithOneBuild() throws -> (TempDatabase, ResultStore, runId: Int64) {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let run = try store.insertRun(RunRecord(startedAt: fixedDate, project: "/p", dockerfile: "FROM x\n",
                                                engineVersions: ["dockerd": "20.10.24+dfsg1"],
                                                options: ["network": "200mbit:5ms: 200 Mbit/s, 5 ms each way"], host: "h"))
        var new = sampleBuild(runId: run.id!)
        new.phases[0].phase = PhaseRecord(ordinal: 0, kind: .pull, argv: Self.argv, environment: Self.environment,
                                          wallSeconds: 0.25, exitCode: 1, output: "manifest unknown", lineTimes: [0.246])
        try store.insertBuild(new)
        return (db, store, run.id!)
    }

    @Test func theStoredTextIsThePreviousVersions() throws {
        let (_, store, _) = try storeWithOneBuild()
        let texts = try store.queue.read { db in
            try Row.fetchOne(db, sql: "SELECT argv, environment, lineTimes FROM phase WHERE ordinal = 0")
        }
        #expect(texts?["argv"] == Self.fixtureArgv)
        #expect(texts?["environment"] == Self.fixtureEnvironment)
        #expect(texts?["lineTimes"] == Self.fixtureLineTimes)
        let run = try store.queue.read { db in try Row.fetchOne(db, sql: "SELECT options, engineVersions FROM run") }
        #expect(run?["options"] == #"{"network":"200mbit:5ms: 200 Mbit/s, 5 ms each way"}"#)
        #expect(run?["engineVersions"] == #"{"dockerd":"20.10.24+dfsg1"}"#)
    }

    @Test func thePreviousVersionsTextReadsBack() throws {
        let (_, store, runId) = try storeWithOneBuild()
        try store.queue.write { db in
            try db.execute(sql: "UPDATE phase SET argv = ?, environment = ?, lineTimes = ? WHERE ordinal = 0",
                           arguments: [Self.fixtureArgv, Self.fixtureEnvironment, Self.fixtureLineTimes])
        }
        let phase = try #require(try store.builds(runId: runId).first?.phases.first)
        #expect(phase.argv == Self.argv)
        #expect(phase.environment == Self.environment)
        #expect(phase.lineTimes == [0.246])
    }

    @Test(arguments: [("phase", "argv", "[\"docker\","), ("phase", "environment", "not json"), ("phase", "lineTimes", "[\"x\"]"),
                      ("run", "options", "[1]"), ("run", "engineVersions", "")])
    func aValueThatDoesNotDecodeNamesTheRow(table: String, column: String, text: String) throws {
        let (db, store, runId) = try storeWithOneBuild()
        let id = try store.queue.write { db in
            let id = try #require(try Int64.fetchOne(db, sql: "SELECT min(id) FROM \(table)"))
            try db.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE id = ?", arguments: [text, id])
            return id
        }
        let error = #expect(throws: StoreError.self) {
            if table == "run" { _ = try store.run(id: runId) } else { _ = try store.builds(runId: runId) }
        }
        guard case .unreadableRow(let path, let badTable, let badId, _) = error else {
            Issue.record("expected unreadableRow, got \(String(describing: error))")
            return
        }
        #expect(path == db.path && badTable == table && badId == id)
    }

    /// A build that a previous version kept as JSON (argv, environment and line times as JSON texts) still imports.
    @Test func aBuildKeptByThePreviousVersionImports() throws {
        let tmp = try TempDatabase()
        let store = try ResultStore(path: tmp.path)
        let run = try store.insertRun(sampleRun())
        var kept = try #require(try JSONSerialization.jsonObject(
            with: JSONEncoder().encode(UnsavedBuild(sampleBuild(runId: run.id!), reason: "disk full"))) as? [String: Any])
        var phases = try #require(kept["phases"] as? [[String: Any]])
        var phase = try #require(phases[1]["phase"] as? [String: Any])
        phase["argv"] = #"["docker","build","."]"#
        phase["environment"] = #"{"DOCKER_BUILDKIT":"0"}"#
        phase["lineTimes"] = "[0.1,0.2]"
        phases[1]["phase"] = phase
        kept["phases"] = phases
        let file = URL(fileURLWithPath: "\(tmp.directory)/kept.json")
        try JSONSerialization.data(withJSONObject: kept).write(to: file)
        _ = try store.importUnsaved(file)
        let stored = try #require(try store.builds(runId: run.id!).first?.phases.last)
        #expect(stored.argv == ["docker", "build", "."])
        #expect(stored.environment == ["DOCKER_BUILDKIT": "0"])
        #expect(stored.lineTimes == [0.1, 0.2])
    }
}
