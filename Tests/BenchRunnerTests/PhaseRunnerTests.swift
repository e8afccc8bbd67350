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

    var supervisor: ProcessSupervisor { replay.supervisor }

    func startDaemon(_ command: Command, logPath: String) async throws -> DaemonProcess {
        try await replay.startDaemon(command, logPath: logPath)
    }

    func run(_ command: Command, retaining: OutputRetention,
             onLine: @escaping @Sendable (OutputLine) -> Void) async throws -> CommandResult {
        var result = try await replay.run(command, onLine: onLine)
        result.lines = []
        return result
    }
}

@Suite struct PhaseRunnerTests {
    let scratch: Scratch

    init() throws { scratch = try Scratch() }

    func phaseRunner(_ runner: any ProcessRunner, secrets: [String] = [], inlineBytes: Int = OutputSpool.defaultInlineBytes,
                     events: @escaping @Sendable (RunEvent) -> Void = { _ in }) -> PhaseRunner {
        PhaseRunner(runner: runner, redaction: Redaction(secrets: secrets), timeout: 60,
                    spoolDirectory: scratch.url.appendingPathComponent("spool"), inlineBytes: inlineBytes, events: events)
    }

    static func replay(_ log: String) throws -> ReplayProcessRunner {
        let replay = ReplayProcessRunner()
        replay.on(arguments: ["build"], log: try Fixtures.log(log))
        return replay
    }

    /// The steps come from the lines as they streamed in: the returned result holds no lines at all.
    @Test func parsesEachLineAsItArrives() async throws {
        let runner = phaseRunner(StreamOnlyRunner(replay: try Self.replay("legacy-perstage-src-runtime.log")))
        let output = try await runner.run(Command("docker", ["build", "."]), kind: .build, builder: .legacy)
        #expect(output.result.lines.isEmpty)
        // The fixture's nine `Step N/9` lines, as NormalizeTests.parsingTheRealSourceChangeLogs counts them.
        #expect(output.parsed.steps.count == 9)
        #expect(output.parsed.steps.first?.instruction == "FROM debian:bookworm-slim AS compile-image")
    }

    /// Streaming gives the same log as parsing the whole captured output afterwards, and the output the store takes is
    /// the captured lines joined by `\n`, with their times to the millisecond.
    @Test(arguments: [("legacy-perstage-src-compile.log", Builder.legacy), ("legacy-perstage-cold-runtime.log", Builder.legacy),
                      ("buildkit-perstage-src-runtime.log", Builder.buildkit)])
    func streamingEqualsParsingTheStoredOutput(log: String, builder: Builder) async throws {
        let replay = try Self.replay(log)
        let output = try await phaseRunner(replay).run(Command("docker", ["build", "."]), kind: .build, builder: builder)
        let captured = try await replay.run(Command("docker", ["build", "."]))
        #expect(output.parsed == BenchmarkRunner.parse(captured, kind: .build, builder: builder))
        #expect(!output.parsed.steps.isEmpty)
        #expect(output.log == SpooledOutput(output: captured.output, lineTimes: captured.lines.map { ($0.at * 1000).rounded() / 1000 }))
        #expect(output.result.lines.count <= PhaseRunner.tailLines)
        #expect(output.result.tail() == captured.tail())
    }

    /// A secret never reaches the parser, the live activity or the stored output.
    @Test func secretsAreMaskedBeforeParsing() async throws {
        let replay = ReplayProcessRunner()
        replay.on(arguments: ["build"], log: "Step 1/2 : FROM debian AS s3cret\nStep 2/2 : RUN echo s3cret\n")
        let seen = Box<RunEvent>()
        let runner = phaseRunner(replay, secrets: ["s3cret"], events: { seen.append($0) })
        let output = try await runner.run(Command("docker", ["build", "."]), kind: .build, builder: .legacy)
        #expect(output.parsed.steps.map(\.instruction) == ["FROM debian AS ***", "RUN echo ***"])
        #expect(!output.result.output.contains("s3cret"))
        #expect(output.log.output == "Step 1/2 : FROM debian AS ***\nStep 2/2 : RUN echo ***")
        let activity = seen.values.compactMap { event -> String? in if case .activity(let line) = event { return line } else { return nil } }
        #expect(activity == ["Step 1/2 : FROM debian AS ***", "Step 2/2 : RUN echo ***"])
    }

    /// What the spool may hold of a long log: 64 KiB of text for the phase row and their times (8 bytes a line, a few
    /// thousand lines), a 64 KiB write buffer and one line.
    static let memoryBound = 256 << 10

    /// A long log streams through the phase runner in memory that does not grow with it: the runner keeps a tail and
    /// the spool its bound, for 100,000 lines as for 400,000. The stored raw log is still every byte and every line
    /// time, and the parse is the whole log's.
    @Test(arguments: [100_000, 400_000])
    func longLogStreamsInBoundedMemory(extraLines: Int) async throws {
        var lines = ReplayProcessRunner.lines(fromLog: try Fixtures.log("buildkit-perstage-src-runtime.log"))
        let start = lines.last?.at ?? 0
        lines += (0..<extraLines).map { n in
            OutputLine(stream: n % 7 == 0 ? .stderr : .stdout, at: start + Double(n + 1) * 0.001 + 0.0002,
                       text: "#9 \(n / 1000).\(n % 1000) cc -O2 -c src/unit-\(n).c -o build/unit-\(n).o")
        }
        let replay = ReplayProcessRunner()
        replay.on({ $0.arguments.first == "build" }, lines: lines)
        let command = Command("docker", ["build", "."])
        let output = try await phaseRunner(replay, inlineBytes: 64 << 10).run(command, kind: .build, builder: .buildkit)

        let logBytes = lines.reduce(0) { $0 + $1.text.utf8.count + 1 }
        #expect(logBytes > 16 * Self.memoryBound, "the log is far larger than the bound")
        #expect(output.result.lines.count <= PhaseRunner.tailLines)
        #expect(output.heldBytes <= Self.memoryBound)
        let whole = CommandResult(command: command, exitCode: 0, wallSeconds: lines.last!.at, lines: lines)
        #expect(output.parsed == BenchmarkRunner.parse(whole, kind: .build, builder: .buildkit))

        // Through the recorder into the store: the raw log and its line times come back whole.
        let store = try ResultStore(path: scratch.url.appendingPathComponent("r.sqlite").path)
        let run = try store.insertRun(RunRecord(project: "p", dockerfile: "FROM x", engineVersions: [:], options: [:]))
        var recorder = BuildRecorder(build: BuildRecord(runId: run.id!, strategy: "naive", scenario: "cold", iteration: 1,
                                                        chainPosition: 0, status: .ok, wallSeconds: 1),
                                     builder: .buildkit, ideal: nil)
        recorder.recordCommand(output, ordinal: 0, kind: .build, recorded: command, layers: [])
        let new = recorder.finish(strategy: Strategy.named("naive")!, finalStage: nil, lines: [])
        #expect(new.spilled.count == 1)
        try store.insertBuild(new)
        let phase = try #require(try store.builds(runId: run.id!).first?.phases.first)
        #expect(phase.output.utf8.count <= 64 << 10)
        #expect(try store.rawOutput(phaseId: phase.id!) == Data(whole.output.utf8))
        #expect(try store.lineTimes(phaseId: phase.id!) == lines.map { ($0.at * 1000).rounded() / 1000 })
    }
}
