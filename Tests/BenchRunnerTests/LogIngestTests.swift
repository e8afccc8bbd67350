import BenchAnalysis
@testable import BenchRunner
import Foundation
import ResultStore
import Testing

/// `ingest` streams the log: it is parsed from disk, and stored as compressed chunks that read back byte for byte.
@Suite struct LogIngestTests {
    /// `legacy-perstage-src-compile.log`: steps 2 to 6 are RUN, RUN, WORKDIR, COPY, RUN (FROM is not counted);
    /// the log says "Using cache" under steps 2, 3 and 4, so 3 of 5 are cached.
    @Test func realLogIsStoredWithItsStepsAndItsBytes() throws {
        let scratch = try Scratch()
        let log = Fixtures.directory.appendingPathComponent("logs/legacy-perstage-src-compile.log")
        let store = try ResultStore(path: scratch.url.appendingPathComponent("r.sqlite").path)
        let parsed = try LogIngest.parse(logPath: log.path)
        let (run, build) = try LogIngest.store(parsed, strategy: "ci", scenario: "ci", wallSeconds: 7.5, project: "/p",
                                               into: store)
        #expect(run.status == .ingested)
        #expect(build.cachedSteps == 3)
        #expect(build.totalSteps == 5)
        #expect(build.build.wallSeconds == 7.5)
        #expect(try store.rawOutput(phaseId: build.phases[0].id!) == Data(contentsOf: log))
    }

    @Test func logLargerThanAChunkIsSplitAndReadsBack() throws {
        let scratch = try Scratch()
        let one = try Data(contentsOf: Fixtures.directory.appendingPathComponent("logs/legacy-perstage-src-compile.log"))
        var big = Data()
        while big.count <= LogIngest.chunkBytes { big.append(one) }
        let log = scratch.url.appendingPathComponent("big.log")
        try big.write(to: log)
        let store = try ResultStore(path: scratch.url.appendingPathComponent("r.sqlite").path)
        let (_, build) = try LogIngest.store(try LogIngest.parse(logPath: log.path), strategy: "ci", scenario: "ci",
                                             wallSeconds: 1, project: "/p", into: store)
        var sizes: [Int] = []
        try store.forEachOutputChunk(phaseId: build.phases[0].id!) { sizes.append($0.count) }
        #expect(sizes == [LogIngest.chunkBytes, big.count - LogIngest.chunkBytes])
        #expect(try store.rawOutput(phaseId: build.phases[0].id!) == big)
        #expect(build.phases[0].output.isEmpty, "the log is not also kept whole in one row")
    }
}

/// A build whose insert fails is reported, kept as JSON, and the run goes on with the next build.
@Suite struct UnsavedBuildRunTests {
    /// Installs a trigger through Debian's `sqlite3` (this target does not link GRDB) that refuses cold builds.
    static func refuseColdBuilds(_ store: ResultStore) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [store.path, """
            CREATE TRIGGER refuse_cold BEFORE INSERT ON build WHEN NEW.scenario = 'cold'
            BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END;
            """]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
    }

    @Test func runGoesOnAfterAFailedInsert() async throws {
        let result = try await BenchmarkRunnerTests.perStageRun(beforeRun: Self.refuseColdBuilds)
        #expect(result.outcome.unsavedBuilds == 1)
        #expect(result.builds.map(\.build.scenario) == ["source-change"])
        #expect(try result.store.run(id: result.outcome.runId).status == .completed)
        let notes = result.events.compactMap { event -> String? in
            if case .note(let text) = event, text.hasPrefix("build 1/2 was not stored") { return text }
            return nil
        }
        try #require(notes.count == 1)
        #expect(notes[0].contains("SQLite refused the insert (refused by test trigger)."))
        let files = try FileManager.default.contentsOfDirectory(atPath: result.store.unsavedDirectory.path)
        try #require(files.count == 1)
        #expect(notes[0].hasSuffix("Its data is kept in \(result.store.unsavedDirectory.appendingPathComponent(files[0]).path)."))
        let kept = try UnsavedBuild.read(from: result.store.unsavedDirectory.appendingPathComponent(files[0]))
        #expect(kept.build.scenario == "cold")
        #expect(kept.phases.map(\.phase.kind) == [.pull, .pull, .build, .build, .push, .push])
    }
}
