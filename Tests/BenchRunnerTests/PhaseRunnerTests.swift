@testable import BenchRunner
import BuildEngine
import BuildLogParsing
import CacheBenchTestSupport
import Foundation
import ResultStore
import Testing

/// Hands each line to `onLine` as a real runner does, but returns a result without them: whatever the caller
/// parsed, it parsed from the stream.
struct StreamOnlyRunner: ProcessRunner {
    let replay: ReplayProcessRunner

    func run(_ command: Command, retaining: OutputRetention,
             onLine: @escaping @Sendable (OutputLine) -> Void) async throws -> CommandResult {
        var result = try await replay.run(command, onLine: onLine)
        result.lines = []
        return result
    }
}

@Suite struct PhaseRunnerTests {
    static func replay(_ log: String) throws -> ReplayProcessRunner {
        let replay = ReplayProcessRunner()
        replay.on(arguments: ["build"], log: try Fixtures.log(log))
        return replay
    }

    /// The steps come from the lines as they streamed in: the returned result holds no lines at all.
    @Test func parsesEachLineAsItArrives() async throws {
        let runner = PhaseRunner(runner: StreamOnlyRunner(replay: try Self.replay("legacy-perstage-src-runtime.log")),
                                 redaction: Redaction(secrets: []), timeout: 60, events: { _ in })
        let output = try await runner.run(Command("docker", ["build", "."]), kind: .build, builder: .legacy)
        #expect(output.result.lines.isEmpty)
        // The fixture's nine `Step N/9` lines, as NormalizeTests.parsingTheRealSourceChangeLogs counts them.
        #expect(output.parsed.steps.count == 9)
        #expect(output.parsed.steps.first?.instruction == "FROM debian:bookworm-slim AS compile-image")
    }

    /// Streaming gives the same log as parsing the whole stored output afterwards (what `LogIngest` does).
    @Test(arguments: [("legacy-perstage-src-compile.log", Builder.legacy), ("legacy-perstage-cold-runtime.log", Builder.legacy)])
    func streamingEqualsParsingTheStoredOutput(log: String, builder: Builder) async throws {
        let runner = PhaseRunner(runner: try Self.replay(log), redaction: Redaction(secrets: []), timeout: 60, events: { _ in })
        let output = try await runner.run(Command("docker", ["build", "."]), kind: .build, builder: builder)
        #expect(output.parsed == BenchmarkRunner.parse(output.result, kind: .build, builder: builder))
        #expect(!output.parsed.steps.isEmpty)
    }

    /// A secret never reaches the parser, the live activity or the stored output.
    @Test func secretsAreMaskedBeforeParsing() async throws {
        let replay = ReplayProcessRunner()
        replay.on(arguments: ["build"], log: "Step 1/2 : FROM debian AS s3cret\nStep 2/2 : RUN echo s3cret\n")
        let seen = Box<RunEvent>()
        let runner = PhaseRunner(runner: replay, redaction: Redaction(secrets: ["s3cret"]), timeout: 60, events: { seen.append($0) })
        let output = try await runner.run(Command("docker", ["build", "."]), kind: .build, builder: .legacy)
        #expect(output.parsed.steps.map(\.instruction) == ["FROM debian AS ***", "RUN echo ***"])
        #expect(!output.result.output.contains("s3cret"))
        let activity = seen.values.compactMap { event -> String? in if case .activity(let line) = event { return line } else { return nil } }
        #expect(activity == ["Step 1/2 : FROM debian AS ***", "Step 2/2 : RUN echo ***"])
    }
}
