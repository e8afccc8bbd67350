import Foundation
import GRDB
@testable import ResultStore
import Testing

/// A fresh database path in its own temp directory, removed on deinit.
final class TempDatabase {
    let directory: String
    var path: String { "\(directory)/results.sqlite" }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cbrs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

/// Whole seconds, so dates survive SQLite's millisecond storage unchanged.
let fixedDate = Date(timeIntervalSince1970: 1_800_000_000)

func sampleRun(status: RunStatus = .running) -> RunRecord {
    RunRecord(startedAt: fixedDate, status: status, project: "/p/hello-c", dockerfile: "FROM scratch\n",
              engineVersions: ["dockerd":"20.10.24"], options: ["strategies":"naive"], host: "testhost")
}

func sampleBuild(runId: Int64, steps: Int = 3) -> NewBuild {
    let build = BuildRecord(runId: runId, strategy: "per-stage", scenario: "source-change", iteration: 1, chainPosition: 1,
                            status: .ok, wallSeconds: 11.5, engineStartupSeconds: 1.25, error: nil, startedAt: fixedDate)
    let pull = PhaseRecord(ordinal: 0, kind: .pull, argv: ["docker","pull","x:latest"], wallSeconds: 2, exitCode: 1,
                           output: "manifest unknown", lineTimes: [0.1])
    let buildPhase = PhaseRecord(ordinal: 1, kind: .build, argv: ["docker","build","."],
                                 environment: ["DOCKER_BUILDKIT":"0"], wallSeconds: 9, exitCode: 0,
                                 output: "Step 1/3 : FROM x\nStep 2/3 : RUN a", lineTimes: [0.1,0.2])
    let stepRecords = (0..<steps).map { i in
        StepRecord(ordinal: i, stage: "compile-image", stepIndex: i + 1, stepOf: nil,
                   instruction: i == 0 ? "FROM debian:bookworm-slim AS compile-image" : "RUN step \(i)",
                   cached: i == 1, seconds: i == 0 ? nil : Double(i), error: nil)
    }
    return NewBuild(build: build, phases: [(pull, []), (buildPhase, stepRecords)])
}

@Suite struct ResultStoreTests {
    @Test func migrationsAreApplied() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        #expect(try store.appliedMigrations() == ["v1", "v2-layers", "v3-ideal-cache", "ideal-step-state", "store-v4-output-chunks", "wiring-build-engine", "predict-tables", "history-cache-usage", "build-script", "predicted-cell-interval-source", "output-chunk-line-times"])
        // Reopening an existing database migrates nothing twice.
        #expect(try ResultStore(path: db.path).appliedMigrations() == ["v1", "v2-layers", "v3-ideal-cache", "ideal-step-state", "store-v4-output-chunks", "wiring-build-engine", "predict-tables", "history-cache-usage", "build-script", "predicted-cell-interval-source", "output-chunk-line-times"])
    }

    @Test func imagesAndCacheUsageRoundTripWithTheirBuild() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let run = try store.insertRun(sampleRun())
        var new = sampleBuild(runId: run.id!)
        new.build.builder = .buildx
        let history = ImageHistoryRecord(ordinal: 0, image: "r/app:latest", isFinal: true, argv: #"["docker","history"]"#, exitCode: 0,
                                         output: "{...}")
        new.images = [InspectedImage(history: history, layers: [
            ImageLayerRecord(ordinal: 0, layerId: "<missing>", createdBy: "RUN make", createdAt: fixedDate, bytes: 300, reused: false),
            ImageLayerRecord(ordinal: 1, layerId: "<missing>", createdBy: nil, createdAt: nil, bytes: 1000, reused: nil),
        ])]
        new.cacheUsage = [CacheUsageRecord(backend: "registry", location: "r1-i1/local/app", bytes: 1350, items: 3)]
        try store.insertBuild(new)
        let stored = try #require(try store.builds(runId: run.id!).first)
        #expect(stored.build.builder == .buildx)
        #expect(stored.images.count == 1)
        #expect(stored.images[0].history.image == "r/app:latest" && stored.images[0].history.isFinal)
        #expect(stored.images[0].layers.map(\.createdBy) == ["RUN make", nil])
        #expect(stored.images[0].layers.map(\.reused) == [false, nil])
        #expect(stored.images[0].layers[0].createdAt == fixedDate)
        #expect(stored.cacheUsage.map(\.bytes) == [1350])
        // A build stored without them reads back with none (reports say "not measured").
        try store.insertBuild(sampleBuild(runId: run.id!))
        let plain = try store.builds(runId: run.id!)[1]
        #expect(plain.images.isEmpty && plain.cacheUsage.isEmpty && plain.build.builder == nil)
    }

    @Test func createsMissingParentDirectories() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: "\(db.directory)/a/b/results.sqlite")
        #expect(FileManager.default.fileExists(atPath: store.path))
    }

    @Test func runBuildPhasesAndStepsRoundTrip() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let run = try store.insertRun(sampleRun())
        let runId = try #require(run.id)
        #expect(try store.run(id: runId) == run)
        let new = sampleBuild(runId: runId)
        let buildId = try store.insertBuild(new)
        let details = try store.builds(runId: runId)
        try #require(details.count == 1)
        let detail = details[0]
        var expectedBuild = new.build
        expectedBuild.id = buildId
        #expect(detail.build == expectedBuild)
        #expect(detail.phases.count == 2)
        for (stored, (original, _)) in zip(detail.phases, new.phases) {
            var expected = original
            expected.id = stored.id
            expected.buildId = buildId
            #expect(stored == expected)
        }
        #expect(detail.phases[1].argv == ["docker", "build", "."])
        let expectedSteps = new.phases[1].steps.map { step -> StepRecord in
            var step = step
            step.buildId = buildId
            step.phaseId = detail.phases[1].id!
            return step
        }
        #expect(detail.steps.map { var s = $0; s.id = nil; return s } == expectedSteps)
    }

    @Test func finishRunSetsStatusAndTime() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let run = try store.insertRun(sampleRun())
        try store.finishRun(id: run.id!, status: .completed, at: fixedDate.addingTimeInterval(60))
        let stored = try store.run(id: run.id!)
        #expect(stored.status == .completed)
        #expect(stored.finishedAt == fixedDate.addingTimeInterval(60))
    }

    @Test func insertBuildIsAllOrNothing() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let run = try store.insertRun(sampleRun())
        // A trigger that refuses the second step row of any build, in the middle of the transaction.
        let queue = try DatabaseQueue(path: db.path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_second_step BEFORE INSERT ON step
                WHEN (SELECT COUNT(*) FROM step WHERE buildId = NEW.buildId) >= 1
                BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END
                """)
        }
        #expect(throws: (any Error).self) { try store.insertBuild(sampleBuild(runId: run.id!, steps: 3)) }
        let counts = try queue.read { db in
            try ["build", "phase", "step"].map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? -1 }
        }
        #expect(counts == [0, 0, 0])
        #expect(try store.builds(runId: run.id!).isEmpty)
        // A build with a single step passes the trigger: the store still works after the rollback.
        try store.insertBuild(sampleBuild(runId: run.id!, steps: 1))
        #expect(try store.builds(runId: run.id!).count == 1)
    }

    @Test func latestRunPrefersAFinishedRun() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let finished = try store.insertRun(sampleRun(status: .completed))
        let failed = try store.insertRun(sampleRun(status: .failed))
        _ = try store.insertRun(sampleRun(status: .running))
        #expect(try store.latestRun().id == failed.id)
        #expect(finished.id! < failed.id!)
    }

    @Test func latestRunFallsBackToARunningOne() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let running = try store.insertRun(sampleRun(status: .running))
        #expect(try store.latestRun().id == running.id)
    }

    @Test func noRunsError() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        #expect(throws: StoreError.noRuns(path: db.path)) { try store.latestRun() }
        #expect(StoreError.noRuns(path: "/x/r.sqlite").localizedDescription
            == "no runs in /x/r.sqlite yet: run `cachebench run DIR` first, or pass --db FILE.")
    }

    @Test func noSuchRunError() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        #expect(throws: StoreError.noSuchRun(id: 42, path: db.path)) { try store.run(id: 42) }
        #expect(StoreError.noSuchRun(id: 42, path: "/x/r.sqlite").localizedDescription
            == "no run 42 in /x/r.sqlite: `cachebench history` lists the runs.")
    }

    @Test func openExistingOnAMissingFileThrowsAndCreatesNothing() throws {
        let db = try TempDatabase()
        let path = "\(db.directory)/sub/none.sqlite"
        #expect(throws: StoreError.noRuns(path: path)) { try ResultStore.openExisting(path: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: "\(db.directory)/sub"))
    }

    @Test func databaseFromANewerCachebenchIsRefused() throws {
        let db = try TempDatabase()
        _ = try ResultStore(path: db.path)
        let queue = try DatabaseQueue(path: db.path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        #expect(throws: StoreError.newerSchema(path: db.path)) { try ResultStore(path: db.path) }
    }

    @Test func openOnAnUnwritablePathIsCannotOpen() throws {
        let db = try TempDatabase()
        // A regular file where a directory should be.
        _ = FileManager.default.createFile(atPath: "\(db.directory)/file", contents: Data("x".utf8))
        #expect {
            _ = try ResultStore(path: "\(db.directory)/file/results.sqlite")
        } throws: { error in
            guard case StoreError.cannotOpen(let path, _) = error else { return false }
            return path == "\(db.directory)/file/results.sqlite"
        }
    }

    @Test func allBuildsFiltersByStrategyAndScenario() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let run = try store.insertRun(sampleRun(status: .completed))
        var other = sampleBuild(runId: run.id!)
        other.build.strategy = "naive"
        try store.insertBuild(sampleBuild(runId: run.id!))
        try store.insertBuild(other)
        #expect(try store.allBuilds().count == 2)
        #expect(try store.allBuilds(strategy: "naive").map(\.build.strategy) == ["naive"])
        #expect(try store.allBuilds(scenario: "cold").isEmpty)
        #expect(try store.allBuilds(strategy: "per-stage").first?.run.id == run.id)
    }
}
