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
        #expect(run.status == "ingested")
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
