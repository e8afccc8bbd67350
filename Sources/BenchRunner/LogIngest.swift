import BuildLogParsing
import Foundation
import ResultStore

/// `cachebench ingest`: a real CI build's log, stored as a one-build run so that `report`, `history` and
/// `compare` can set it beside benchmarked runs. Its wall time is what the CI said, given by the user.
package enum LogIngest {
    /// Uncompressed size of each stored chunk of the raw log.
    static let chunkBytes = 4 << 20

    /// A parsed build log, checked before anything is written.
    package struct Parsed: Sendable {
        let url: URL
        let parsed: ParsedLog
    }

    package static func parse(logPath: String) throws -> Parsed {
        let url = URL(fileURLWithPath: logPath)
        let parsed = try ParsedLog.parse(contentsOf: url)
        guard [.legacy, .buildkitPlain, .buildkitRawjson, .buildah].contains(parsed.format) else {
            throw IngestError.notABuildLog(path: logPath, format: parsed.format.rawValue)
        }
        return Parsed(url: url, parsed: parsed)
    }

    package static func store(_ log: Parsed, strategy: String, scenario: String, wallSeconds: Double, project: String,
                              into store: ResultStore) throws -> (run: RunRecord, build: BuildDetail) {
        let url = log.url
        let parsed = log.parsed
        let builder: Builder = parsed.format == .legacy ? .legacy : parsed.format == .buildah ? .buildah : .buildkit
        let steps = BenchmarkRunner.normalize(parsed.steps, builder: builder).enumerated().map { ordinal, step in
            StepRecord(ordinal: ordinal, stage: step.stage, stepIndex: step.index, stepOf: step.of, instruction: step.instruction,
                       cached: step.cached, seconds: step.seconds, error: step.error)
        }
        // The options name the log under the run's status (`ingested`), as runs stored before kept them.
        let options = [RunStatus.ingested.rawValue: url.standardizedFileURL.path, "format": parsed.format.rawValue]
        let run = try store.insertRun(RunRecord(project: project, dockerfile: "", engineVersions: [:], options: options))
        let status: BuildStatus = parsed.error == nil ? .ok : .failed
        let build = BuildRecord(runId: run.id!, strategy: strategy, scenario: scenario, iteration: 1, chainPosition: 0,
                                status: status, wallSeconds: wallSeconds, error: parsed.error)
        let phase = PhaseRecord(ordinal: 0, kind: .build, argv: ["(ingested)", url.path],
                                wallSeconds: wallSeconds, exitCode: status == .ok ? 0 : 1, output: "")
        // The raw log goes in compressed chunks, read from disk as they are written: never whole in memory.
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let raw = RawOutputSource(phaseIndex: 0) { try handle.read(upToCount: chunkBytes) }
        let buildId = try store.insertBuild(NewBuild(build: build, phases: [(phase, steps)]), rawOutput: raw)
        try store.finishRun(id: run.id!, status: .ingested)
        let detail = try store.builds(runId: run.id!).first { $0.build.id == buildId }!
        return (try store.run(id: run.id!), detail)
    }
}
