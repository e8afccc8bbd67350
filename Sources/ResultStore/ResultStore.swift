import Foundation
import GRDB

/// The results database: SQLite through GRDB, versioned migrations, one transaction per build.
///
/// Writers (`run`, `ingest`) open it with `init(path:)`: WAL mode, so readers never wait for a running
/// benchmark, and a busy timeout. Readers (`report`, `history`, ...) use `openExisting(path:)`, which never
/// writes to the file.
package final class ResultStore: Sendable {
    package let path: String
    let queue: DatabaseQueue

    /// How long a connection waits for another one's lock before it gives up.
    static let busyTimeout: TimeInterval = 10

    /// Opens (creating if needed, 0600 in directories created 0700) the database at `path` and migrates it.
    package init(path: String) throws {
        self.path = path
        do {
            try Self.prepareWritableFile(path)
            var config = Configuration()
            config.busyMode = .timeout(Self.busyTimeout)
            config.journalMode = .wal
            queue = try DatabaseQueue(path: path, configuration: config)
            if try queue.read({ try Self.migrator.hasBeenSuperseded($0) }) { throw StoreError.newerSchema(path: path) }
            try Self.migrator.migrate(queue)
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("startedAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
                t.column("status", .text).notNull()
                t.column("project", .text).notNull()
                t.column("dockerfile", .text).notNull()
                t.column("engineVersions", .text).notNull()
                t.column("options", .text).notNull()
                t.column("host", .text).notNull()
            }
            try db.create(table: "build") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("run", onDelete: .cascade).notNull()
                t.column("strategy", .text).notNull()
                t.column("scenario", .text).notNull()
                t.column("iteration", .integer).notNull()
                t.column("chainPosition", .integer).notNull()
                t.column("status", .text).notNull()
                t.column("wallSeconds", .double).notNull()
                t.column("engineStartupSeconds", .double).notNull()
                t.column("error", .text)
                t.column("startedAt", .datetime).notNull()
            }
            try db.create(table: "phase") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("build", onDelete: .cascade).notNull()
                t.column("ordinal", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("argv", .text).notNull()
                t.column("environment", .text).notNull()
                t.column("wallSeconds", .double).notNull()
                t.column("exitCode", .integer).notNull()
                t.column("output", .text).notNull()
                t.column("lineTimes", .text).notNull()
            }
            try db.create(table: "step") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("build", onDelete: .cascade).notNull()
                t.belongsTo("phase", onDelete: .cascade).notNull()
                t.column("ordinal", .integer).notNull()
                t.column("stage", .text)
                t.column("stepIndex", .integer)
                t.column("stepOf", .integer)
                t.column("instruction", .text).notNull()
                t.column("cached", .boolean).notNull()
                t.column("seconds", .double)
                t.column("error", .text)
            }
        }
        migrator.registerMigration("v2-layers") { db in
            try db.create(table: "layer") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("build", onDelete: .cascade).notNull()
                t.belongsTo("phase", onDelete: .cascade).notNull()
                t.column("ordinal", .integer).notNull()
                t.column("layerId", .text).notNull()
                t.column("action", .text).notNull()
                t.column("bytes", .integer)
            }
        }
        migrator.registerMigration("v3-ideal-cache") { db in
            try db.alter(table: "step") { t in t.add(column: "ideallyCached", .boolean) }
        }
        migrator.registerMigration("ideal-step-state") { db in
            try db.alter(table: "step") { t in
                t.add(column: "idealState", .text)
                t.add(column: "dockerfileLine", .integer)
                t.add(column: "contentRoots", .text)
                t.add(column: "missCause", .text)
            }
        }
        migrator.registerMigration("store-v4-output-chunks") { db in
            // Raw output too large for one row (an ingested CI log), zlib-compressed, in order.
            try db.create(table: "outputChunk") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("phase", onDelete: .cascade).notNull()
                t.column("ordinal", .integer).notNull()
                t.column("rawBytes", .integer).notNull()
                t.column("data", .blob).notNull()
            }
        }
        migrator.registerMigration("wiring-build-engine") { db in
            try db.alter(table: "build") { t in t.add(column: "engine", .text) }
        }
        migrator.registerMigration("predict-tables", migrate: createPredictionTables)
        migrator.registerMigration("history-cache-usage", migrate: createImageAndCacheTables)
        migrator.registerMigration("build-script") { db in
            try db.alter(table: "build") { t in t.add(column: "script", .text) }
        }
        migrator.registerMigration("predicted-cell-interval-source", migrate: addIntervalSource)
        migrator.registerMigration("output-chunk-line-times") { db in
            // A build phase's output past its row is stored in chunks too, each with its lines' times (NULL: none known).
            try db.alter(table: "outputChunk") { t in t.add(column: "lineTimes", .text) }
        }
        return migrator
    }

    /// Identifiers of the applied migrations, oldest first.
    package func appliedMigrations() throws -> [String] {
        try queue.read { try Self.migrator.appliedMigrations($0) }
    }

    // MARK: Writing

    package func insertRun(_ run: RunRecord) throws -> RunRecord {
        try writing {
            try queue.write { db in
                var run = run
                try run.insert(db)
                return run
            }
        }
    }

    package func finishRun(id: Int64, status: RunStatus, at date: Date = Date()) throws {
        try writing {
            try queue.write { db in
                try db.execute(sql: "UPDATE run SET status = ?, finishedAt = ? WHERE id = ?", arguments: [status, date, id])
            }
        }
    }

    /// Sets one key of the run's stored options, for facts known only at the end of a run.
    package func setRunOption(id: Int64, key: String, value: String) throws {
        try queue.write { db in
            guard var run = try RunRecord.filter(key: id).fetchAll(db, store: self).first else { return }
            run.options[key] = value
            try db.execute(sql: "UPDATE run SET options = ? WHERE id = ?", arguments: [try StoredJSON.text(run.options), id])
        }
    }

    /// Writes a build, its phases and steps (and `rawOutput` and each phase's spilled output, streamed in compressed
    /// chunks) in one transaction: all or nothing.
    @discardableResult
    package func insertBuild(_ new: NewBuild, rawOutput: RawOutputSource? = nil) throws -> Int64 {
        try writing { try writeBuild(new, rawOutput: rawOutput) }
    }

    /// Runs a write, turning SQLite's errors into one-line `StoreError`s.
    private func writing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            let mapped = Self.storeError(error, path: path)
            if case .cannotOpen = mapped { throw StoreError.writeFailed(path: path, reason: Self.oneLine(error)) }
            throw mapped
        }
    }

    func writeBuild(_ new: NewBuild, rawOutput: RawOutputSource?) throws -> Int64 {
        try queue.write { db in
            var build = new.build
            try build.insert(db)
            let buildId = build.id!
            var phaseIds: [Int64] = []
            for (phase, steps) in new.phases {
                var phase = phase
                phase.buildId = buildId
                try phase.insert(db)
                phaseIds.append(phase.id!)
                for step in steps {
                    var step = step
                    step.buildId = buildId
                    step.phaseId = phase.id!
                    try step.insert(db)
                }
            }
            for (phaseIndex, layer) in new.layers where phaseIds.indices.contains(phaseIndex) {
                var layer = layer
                layer.buildId = buildId
                layer.phaseId = phaseIds[phaseIndex]
                try layer.insert(db)
            }
            try Self.writeImagesAndCacheUsage(new, buildId: buildId, db: db)
            if let rawOutput, phaseIds.indices.contains(rawOutput.phaseIndex) {
                try Self.insertChunks(rawOutput, phaseId: phaseIds[rawOutput.phaseIndex], db: db)
            }
            for (phaseIndex, spilled) in new.spilled where phaseIds.indices.contains(phaseIndex) {
                try Self.insertChunks(spilled, phaseId: phaseIds[phaseIndex], db: db)
            }
            return buildId
        }
    }

    // MARK: Reading

    package func runs() throws -> [RunRecord] {
        try queue.read { try RunRecord.order(Column("id")).fetchAll($0, store: self) }
    }

    package func run(id: Int64) throws -> RunRecord {
        guard let run = try queue.read({ try RunRecord.filter(key: id).fetchAll($0, store: self).first }) else {
            throw StoreError.noSuchRun(id: id, path: path)
        }
        return run
    }

    /// The newest run, preferring one that finished.
    package func latestRun() throws -> RunRecord {
        let all = try runs()
        guard let run = all.last(where: { $0.status != .running }) ?? all.last else { throw StoreError.noRuns(path: path) }
        return run
    }

    package func builds(runId: Int64) throws -> [BuildDetail] {
        try queue.read { db in
            let builds = try BuildRecord.filter(Column("runId") == runId).order(Column("id")).fetchAll(db, store: self)
            return try builds.map { build in
                let phases = try PhaseRecord.filter(Column("buildId") == build.id!).order(Column("ordinal")).fetchAll(db, store: self)
                let steps = try StepRecord.filter(Column("buildId") == build.id!).order(Column("ordinal")).fetchAll(db, store: self)
                let layers = try LayerRecord.filter(Column("buildId") == build.id!).order(Column("phaseId"), Column("ordinal"))
                    .fetchAll(db, store: self)
                let (images, cacheUsage) = try readImagesAndCacheUsage(buildId: build.id!, db: db)
                return BuildDetail(build: build, phases: phases, steps: steps, layers: layers, images: images, cacheUsage: cacheUsage)
            }
        }
    }

    /// Every build of every run, with its run, for history queries.
    package func allBuilds(strategy: String? = nil, scenario: String? = nil) throws -> [(run: RunRecord, build: BuildRecord)] {
        try queue.read { db in
            var request = BuildRecord.order(Column("runId"), Column("id"))
            if let strategy { request = request.filter(Column("strategy") == strategy) }
            if let scenario { request = request.filter(Column("scenario") == scenario) }
            let builds = try request.fetchAll(db, store: self)
            let runs = Dictionary(uniqueKeysWithValues: try RunRecord.all().fetchAll(db, store: self).map { ($0.id!, $0) })
            return builds.compactMap { build in runs[build.runId].map { ($0, build) } }
        }
    }
}
