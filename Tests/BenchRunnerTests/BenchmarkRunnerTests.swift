import BenchAnalysis
@testable import BenchRunner
import BuildEngine
import BuildLogParsing
import CacheBenchTestSupport
import DockerfileModel
import Foundation
import ResultStore
import Testing

@Suite struct NormalizeTests {
    @Test func legacyStepsGetStageNamesAndPerStageIndices() {
        let steps = [
            ParsedStep(index: 1, of: 9, instruction: "FROM debian:bookworm-slim AS compile-image"),
            ParsedStep(index: 2, of: 9, instruction: "RUN apt-get update", cached: true),
            ParsedStep(index: 7, of: 9, instruction: "FROM debian:bookworm-slim AS runtime-image"),
            ParsedStep(index: 8, of: 9, instruction: "COPY --from=compile-image /root/helloworld ."),
            ParsedStep(index: 9, of: 9, instruction: "CMD [\"./helloworld\"]"),
        ]
        let out = BenchmarkRunner.normalize(steps, builder: .legacy)
        #expect(out.map(\.stage) == ["compile-image", "compile-image", "runtime-image", "runtime-image", "runtime-image"])
        #expect(out.map(\.index) == [1, 2, 1, 2, 3])
        #expect(out.allSatisfy { $0.of == nil })
        #expect(out[1].cached)
    }

    @Test func legacyUnnamedAndCachebenchNamedStages() {
        let steps = [
            ParsedStep(index: 1, of: 4, instruction: "FROM debian AS cachebench-stage-0"),
            ParsedStep(index: 2, of: 4, instruction: "RUN a"),
            ParsedStep(index: 3, of: 4, instruction: "FROM debian"),
            ParsedStep(index: 4, of: 4, instruction: "COPY --from=0 /a /a"),
        ]
        let out = BenchmarkRunner.normalize(steps, builder: .legacy)
        #expect(out.map(\.stage) == ["stage-0", "stage-0", "stage-1", "stage-1"])
        #expect(out.map(\.index) == [1, 2, 1, 2])
    }

    @Test func legacyUpperCaseAsAndMixedCaseName() {
        let out = BenchmarkRunner.normalize([ParsedStep(instruction: "from img as Build"), ParsedStep(instruction: "RUN x")],
                                            builder: .legacy)
        #expect(out.map(\.stage) == ["build", "build"])
    }

    /// With the Dockerfile, the k-th FROM the legacy builder prints is the model's stage k, whatever the printed
    /// text names it (here the per-stage strategies' copy, which names the unnamed stage `cachebench-stage-1`).
    @Test func legacyStagesComeFromTheModel() throws {
        let graph = try StageGraph(dockerfile: Dockerfile.parse(text: "FROM debian AS Compile\nRUN a\nFROM debian\nCOPY --from=0 /a /a\n"))
        let steps = [
            ParsedStep(index: 1, of: 4, instruction: "FROM debian AS Compile"),
            ParsedStep(index: 2, of: 4, instruction: "RUN a"),
            ParsedStep(index: 3, of: 4, instruction: "FROM debian AS cachebench-stage-1"),
            ParsedStep(index: 4, of: 4, instruction: "COPY --from=0 /a /a"),
        ]
        let out = BenchmarkRunner.normalize(steps, builder: .legacy, stages: graph.stageRefs)
        #expect(out.map(\.stage) == ["compile", "compile", "stage-1", "stage-1"])
        #expect(out.map(\.index) == [1, 2, 1, 2])
    }

    @Test func buildKitStagesAreOnlyRenamed() {
        let steps = [
            ParsedStep(stage: "cachebench-stage-1", index: 2, of: 3, instruction: "RUN a"),
            ParsedStep(stage: "compile-image", index: 1, of: 5, instruction: "FROM x"),
        ]
        let out = BenchmarkRunner.normalize(steps, builder: .buildkit)
        #expect(out.map(\.stage) == ["stage-1", "compile-image"])
        #expect(out.map(\.index) == [2, 1])
        #expect(out.map(\.of) == [3, 5])
    }

    @Test func parsingTheRealSourceChangeLogs() throws {
        let lines = ReplayProcessRunner.lines(fromLog: try Fixtures.log("legacy-perstage-src-runtime.log"))
        let result = CommandResult(command: Command("docker"), exitCode: 0, wallSeconds: 1, lines: lines)
        let parsed = BenchmarkRunner.parse(result, kind: .build, builder: .legacy)
        let steps = BenchmarkRunner.normalize(parsed.steps, builder: .legacy)
        #expect(steps.count == 9)
        #expect(steps.map { "\($0.stage ?? "?")#\($0.index ?? 0)" } == [
            "compile-image#1", "compile-image#2", "compile-image#3", "compile-image#4", "compile-image#5", "compile-image#6",
            "runtime-image#1", "runtime-image#2", "runtime-image#3",
        ])
    }
}

/// Hands every build the same fake DOCKER_HOST; the replay runner answers the commands.
struct FakeEngine: EngineProvider {
    var registryAddress = "127.0.0.1:5000"
    var capabilities: EngineCapabilities

    init(buildKit: Bool = false) {
        capabilities = EngineCapabilities(clients: [DockerClient(path: "/usr/bin/docker", version: "20.10.24+dfsg1",
                                                                 buildKit: buildKit, buildx: false)])
        capabilities.dockerdVersion = "20.10.24+dfsg1"
    }

    func withEngine<T: Sendable>(_ body: (String, Double) async throws -> T) async throws -> T {
        try await body("unix:///nonexistent", 0.1)
    }
}

/// One benchmark run of hello-c against replayed engine output, with its store and what it reported.
struct ReplayedRun {
    let scratch: Scratch
    let store: ResultStore
    let replay: ReplayProcessRunner
    let outcome: RunOutcome
    let events: [RunEvent]
    let builds: [BuildDetail]
    let workDirectory: URL

    init(strategies: [String], scenarios: [Scenario], engine: FakeEngine = FakeEngine(),
         beforeRun: (ResultStore) throws -> Void = { _ in },
         script: (ReplayProcessRunner, _ image: String) throws -> Void) async throws {
        scratch = try Scratch()
        let directory = try scratch.helloC()
        let project = try Project.resolve(directory: directory, config: ProjectConfig())
        let plan = Plan(strategies: try Plan.strategies(from: strategies), scenarios: scenarios, iterations: 1)
        workDirectory = scratch.url.appendingPathComponent("work")
        let settings = RunSettings(project: project, plan: plan, workDirectory: workDirectory, options: ["k": "v"])
        store = try ResultStore(path: scratch.url.appendingPathComponent("results.sqlite").path)
        replay = ReplayProcessRunner()
        let collected = Box<RunEvent>()
        let runner = BenchmarkRunner(settings: settings, engine: engine, store: store, runner: replay,
                                     events: { collected.append($0) })
        let run = try runner.startRun()
        try script(replay, "127.0.0.1:5000/r\(run.id!)-i1/\(strategies[0])/hello-c")
        try beforeRun(store)
        outcome = try await runner.run(run)
        events = collected.values
        builds = try store.builds(runId: run.id!)
    }
}

func manifestUnknown(_ ref: String) -> String {
    "Error response from daemon: manifest for \(ref) not found: manifest unknown: manifest unknown"
}

/// Compact names of the events, activity lines left out.
func eventNames(_ events: [RunEvent]) -> [String] {
    events.compactMap { event in
        switch event {
        case .note: return "note"
        case .buildStarted(let index, let total, let build): return "start \(index)/\(total) \(build.scenario.rawValue)"
        case .phaseStarted(let kind, _): return "\(kind.rawValue)"
        case .activity: return nil
        case .phaseFinished(let kind, _, let exitCode): return "\(kind.rawValue) exit \(exitCode)"
        case .buildFinished(let index, _, _, let summary):
            return "finish \(index) \(summary.status) \(summary.cachedSteps)/\(summary.totalSteps)"
        }
    }
}

@Suite struct BenchmarkRunnerTests {
    static func perStageRun(beforeRun: (ResultStore) throws -> Void = { _ in }) async throws -> ReplayedRun {
        try await ReplayedRun(strategies: ["per-stage"], scenarios: [.cold, .sourceChange], beforeRun: beforeRun) { replay, image in
            let pullCompile = ReplayProcessRunner.argumentsPrefix(["pull", "\(image):compile-image"])
            let pullLatest = ReplayProcessRunner.argumentsPrefix(["pull", "\(image):latest"])
            let buildCompile = ReplayProcessRunner.argumentsPrefix(["build", "--target", "compile-image"])
            let buildLatest: @Sendable (Command) -> Bool = { $0.arguments.first == "build" && $0.arguments.contains("\(image):latest") }
            let pushCompile = ReplayProcessRunner.argumentsPrefix(["push", "\(image):compile-image"])
            let pushLatest = ReplayProcessRunner.argumentsPrefix(["push", "\(image):latest"])
            // After each build, outside its script: `docker history` of the final image and the pushed stage image,
            // answered with real 20.10 output.
            let historyLatest: @Sendable (Command) -> Bool = { $0.arguments.first == "history" && $0.arguments.last == "\(image):latest" }
            let historyCompile: @Sendable (Command) -> Bool = {
                $0.arguments.first == "history" && $0.arguments.last == "\(image):compile-image"
            }
            let history = try String(contentsOf: BuildInspectionTests.fixtures.appendingPathComponent("history20-single-tag-cold.jsonl"),
                                     encoding: .utf8)
            func add(_ match: @escaping @Sendable (Command) -> Bool, _ log: String, stream: BuildEngine.OutputStream = .stdout,
                     exitCode: Int32 = 0) throws {
                replay.add(.init(matching: match, lines: ReplayProcessRunner.lines(fromLog: log, stream: stream),
                                 exitCode: exitCode, times: 1))
            }
            // cold: nothing to pull yet
            try add(pullCompile, manifestUnknown("\(image):compile-image"), stream: .stderr, exitCode: 1)
            try add(pullLatest, manifestUnknown("\(image):latest"), stream: .stderr, exitCode: 1)
            try add(buildCompile, try Fixtures.log("legacy-perstage-cold-compile.log"))
            try add(buildLatest, try Fixtures.log("legacy-perstage-cold-runtime.log"))
            try add(pushCompile, try Fixtures.log("push-compile.log"))
            try add(pushLatest, try Fixtures.log("push-latest.log"))
            try add(historyLatest, history)
            try add(historyCompile, history)
            // source-change, on a fresh engine: pull both tags, build with --cache-from, push again
            try add(pullCompile, try Fixtures.log("pull-compile.log"))
            try add(pullLatest, try Fixtures.log("pull-latest.log"))
            try add(buildCompile, try Fixtures.log("legacy-perstage-src-compile.log"))
            try add(buildLatest, try Fixtures.log("legacy-perstage-src-runtime.log"))
            try add(pushCompile, try Fixtures.log("push-compile-2.log"))
            try add(pushLatest, try Fixtures.log("push-latest-2.log"))
            try add(historyLatest, history)
            try add(historyCompile, history)
        }
    }

    @Test func perStageColdThenSourceChange() async throws {
        let result = try await Self.perStageRun()
        #expect(result.replay.unmatched.isEmpty)
        #expect(result.replay.commands.count == 16)
        #expect(result.outcome.failedBuilds == 0 && result.outcome.unavailableBuilds == 0)
        #expect(try result.store.run(id: result.outcome.runId).status == .completed)
        #expect(try result.store.run(id: result.outcome.runId).finishedAt != nil)
        try #require(result.builds.count == 2)
        #expect(result.builds.map(\.build.scenario) == ["cold", "source-change"])
        #expect(result.builds.map(\.build.status) == [.ok, .ok])
        #expect(result.builds.map(\.build.chainPosition) == [0, 1])
        #expect(result.builds.allSatisfy { $0.build.engineStartupSeconds == 0.1 && $0.build.error == nil })
        // The private work directory is removed at the end of the run.
        #expect(!FileManager.default.fileExists(atPath: result.workDirectory.path))
    }

    @Test func sourceChangeReusesTheAptStepsButNotTheCompile() async throws {
        let result = try await Self.perStageRun()
        try #require(result.builds.count == 2)
        let source = result.builds[1].effectiveSteps
        let install = try #require(source.first { $0.instruction.contains("apt-get install") })
        let gcc = try #require(source.first { $0.instruction.hasPrefix("RUN gcc") })
        #expect(install.cached)
        #expect(install.stage == "compile-image" && install.stepIndex == 3)
        #expect(!gcc.cached)
        #expect(source.map(\.cached) == [true, true, true, false, false, true])
        #expect(result.builds[1].cachedSteps == 4 && result.builds[1].totalSteps == 6)
        #expect(result.builds[0].effectiveSteps.map(\.cached) == [false, false, false, false, false, false])
        // Every stored step of the source-change build, across both of its build phases.
        #expect(result.builds[1].steps.count == 6 + 9)
        #expect(result.builds[1].steps.map(\.ordinal) == Array(0..<15))
    }

    @Test func phasesAreStoredWithArgvAndExitCodes() async throws {
        let result = try await Self.perStageRun()
        try #require(result.builds.count == 2)
        let image = "127.0.0.1:5000/r\(result.outcome.runId)-i1/per-stage/hello-c"
        let cold = result.builds[0].phases
        #expect(cold.map(\.kind) == [.pull, .pull, .build, .build, .push, .push])
        #expect(cold.map(\.ordinal) == [0, 1, 2, 3, 4, 5])
        #expect(cold.map(\.exitCode) == [1, 1, 0, 0, 0, 0])
        #expect(result.builds[1].phases.map(\.exitCode) == [0, 0, 0, 0, 0, 0])
        #expect(cold[0].argv == ["/usr/bin/docker", "pull", "\(image):compile-image"])
        #expect(cold[0].output == manifestUnknown("\(image):compile-image"))
        let build = cold[2].argv
        #expect(Array(build.prefix(12)) == ["/usr/bin/docker", "build", "--target", "compile-image",
                                            "--cache-from", "\(image):compile-image", "--cache-from", "\(image):latest",
                                            "-t", "\(image):compile-image", "-f", build[11]])
        // The Dockerfile at its own path in the context copy, as a CI checkout has it (see ContextCopyTests).
        #expect(build[11].hasSuffix("/i1-per-stage/context/Dockerfile"))
        #expect(build.last?.hasSuffix("/i1-per-stage/context") == true)
        #expect(build.count == 13)
        #expect(cold[2].environment == ["DOCKER_HOST": "unix:///nonexistent", "DOCKER_BUILDKIT": "0"])
        // Raw output is kept line for line, with one time per line.
        let log = try Fixtures.log("legacy-perstage-src-compile.log")
        // (As the real runner's line splitter does, one `\r` before each newline is dropped; the log's first line ends `\r\r\n`.)
        #expect(result.builds[1].phases[2].output + "\n" == log.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(result.builds[1].phases[2].output.hasPrefix("Sending build context to Docker daemon  45.57kB\r\nStep 1/6"))
        let times = result.builds[1].phases[2].lineTimes
        #expect(times.count == log.utf8.filter { $0 == UInt8(ascii: "\n") }.count)
        #expect(times.first == 0.01)
        // The replay answered the pushes too.
        #expect(result.replay.commands.map { $0.arguments.first ?? "" }
            == ["pull", "pull", "build", "build", "push", "push", "history", "history",
                "pull", "pull", "build", "build", "push", "push", "history", "history"])
        // What `docker history` printed is stored per image, final first, and is not a phase of the timed script.
        for build in result.builds {
            #expect(build.build.builder == .legacy)
            #expect(build.images.map(\.history.image) == ["\(image):latest", "\(image):compile-image"])
            #expect(build.images.map(\.history.isFinal) == [true, false])
            #expect(build.images.allSatisfy { $0.layers.map(\.bytes) == [0, 4, 300_000, 198_899_714] })
            #expect(build.images[0].history.argv == #"["docker","history","--no-trunc","--human=false","--format","{{json .}}","\#(image):latest"]"#)
        }
    }

    @Test func eventsSequence() async throws {
        let result = try await Self.perStageRun()
        let phases = ["pull", "pull exit 1", "pull", "pull exit 1", "build", "build exit 0", "build", "build exit 0",
                      "push", "push exit 0", "push", "push exit 0"]
        let sourcePhases = phases.map { $0.replacingOccurrences(of: "exit 1", with: "exit 0") }
        #expect(eventNames(result.events) == ["note", "start 1/2 cold"] + phases + ["finish 1 ok 0/6", "start 2/2 source-change"]
            + sourcePhases + ["finish 2 ok 4/6"])
        guard case .note(let note) = result.events.first else { Issue.record("first event is not a note"); return }
        #expect(note.hasPrefix("source file hello.c (inferred"))
        let activity = result.events.compactMap { event -> String? in
            if case .activity(let line) = event { return line }
            return nil
        }
        #expect(activity.contains("Step 3/6 : RUN apt-get install -y --no-install-recommends gcc libc6-dev"))
        #expect(activity.allSatisfy { $0.hasPrefix("Step ") })
        let commandLines = result.events.compactMap { event -> String? in
            if case .phaseStarted(_, let line) = event { return line }
            return nil
        }
        #expect(commandLines.first == "docker pull 127.0.0.1:5000/r\(result.outcome.runId)-i1/per-stage/hello-c:compile-image")
    }

    @Test func runRowRecordsProjectOptionsAndVersions() async throws {
        let result = try await Self.perStageRun()
        let run = try result.store.run(id: result.outcome.runId)
        #expect(run.project.hasSuffix("/hello-c"))
        #expect(run.dockerfile.hasPrefix("FROM debian:bookworm-slim AS compile-image"))
        #expect(run.options == ["k": "v"])
        let versions = run.engineVersions
        #expect(versions["dockerd"] == "20.10.24+dfsg1")
        #expect(versions["legacyClient"] == "/usr/bin/docker 20.10.24+dfsg1")
    }

    @Test func failingBuild() async throws {
        let result = try await ReplayedRun(strategies: ["naive"], scenarios: [.cold]) { replay, image in
            replay.on(arguments: ["pull"], exitCode: 1, text: manifestUnknown("\(image):latest"), stream: .stderr)
            replay.on(arguments: ["build"], log: try Fixtures.log("legacy-error.log"), exitCode: 1)
        }
        #expect(result.outcome.failedBuilds == 1)
        #expect(try result.store.run(id: result.outcome.runId).status == .failed)
        try #require(result.builds.count == 1)
        let build = result.builds[0]
        #expect(build.build.status == .failed)
        #expect(build.build.error?.contains("returned a non-zero code: 3") == true)
        // The push after the failed build never ran.
        #expect(build.phases.map(\.kind) == [.pull, .build])
        #expect(result.replay.commands.map { $0.arguments.first ?? "" } == ["pull", "build"])
        #expect(result.replay.unmatched.isEmpty)
        #expect(eventNames(result.events).last == "finish 1 failed 0/1")
    }

    @Test func failedCommandWithoutParsableErrorReportsTheTail() async throws {
        let result = try await ReplayedRun(strategies: ["naive"], scenarios: [.cold]) { replay, image in
            replay.on(arguments: ["pull"], exitCode: 1, text: manifestUnknown("\(image):latest"), stream: .stderr)
            replay.on(arguments: ["build"], log: try Fixtures.log("legacy-perstage-cold-compile.log"))
            replay.on(arguments: ["push"], log: "denied: requested access to the resource is denied\n", stream: .stderr, exitCode: 1)
        }
        let build = try #require(result.builds.first)
        #expect(build.build.status == .failed)
        #expect(build.build.error == "`docker push` exited 1: denied: requested access to the resource is denied")
    }

    @Test func strategyWithoutAClientIsUnavailable() async throws {
        let result = try await ReplayedRun(strategies: ["inline"], scenarios: [.cold]) { _, _ in }
        #expect(result.outcome.unavailableBuilds == 1 && result.outcome.failedBuilds == 0)
        #expect(result.replay.commands.isEmpty)
        let build = try #require(result.builds.first)
        #expect(build.build.status == .unavailable)
        #expect(build.build.error == "unavailable: no client can run BuildKit builds")
        #expect(try result.store.run(id: result.outcome.runId).status == .completed)
    }
}
