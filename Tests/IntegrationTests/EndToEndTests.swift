import BenchAnalysis
import BenchRunner
import BuildEngine
import Foundation
import ResultStore
import Testing

/// The slice against the real thing: Debian's dockerd and docker-registry, started by cachebench itself,
/// a fresh engine per build, the sample benchmarked, and the database checked for what the engine really did.
/// Each test that starts an engine carries `.realEngine`, which skips it when it cannot run here.
@Suite(.serialized)
struct EndToEndTests {
    @Test(.realEngine) func sampleBenchmarkShowsWhatEachStrategyCaches() async throws {
        let project = try Integration.copySample("hello-c")
        defer { try? FileManager.default.removeItem(at: project) }
        let database = project.appendingPathComponent("results.sqlite").path
        let request = RunRequest(directory: project.path, engines: [.docker2010], strategies: ["naive", "per-stage", "inline"],
                                 scenarios: ["cold", "no-change", "source-change"], iterations: 1, database: database)
        let prepared = try RunSession.prepare(request)
        let (outcome, store) = try await RunSession.execute(request, prepared: prepared, runner: SubprocessRunner()) { _ in }
        #expect(outcome.failedBuilds == 0)
        #expect(Integration.leftoverDaemons().isEmpty, "every dockerd and registry must be stopped")

        let builds = try store.builds(runId: outcome.runId)
        let modelErrors = try store.modelErrors(runId: outcome.runId)
        #expect(modelErrors.isEmpty, "steps the engine served from cache beat the model: \(modelErrors)")
        #expect(builds.count == 9)
        func build(_ strategy: String, _ scenario: String) throws -> BuildDetail {
            try #require(builds.first { $0.build.strategy == strategy && $0.build.scenario == scenario })
        }
        func isRun(_ step: StepRecord) -> Bool { step.instruction.hasPrefix("RUN ") }
        func isApt(_ step: StepRecord) -> Bool { step.instruction.hasPrefix("RUN apt-get install") }

        // "naive" on a fresh runner: pull :latest gives nothing, every step is rebuilt.
        let naive = try build("naive", "no-change")
        #expect(naive.build.status == .ok)
        #expect(!naive.steps.isEmpty)
        #expect(naive.steps.allSatisfy { !$0.cached }, "naive no-change cached \(naive.steps.filter(\.cached).map(\.instruction))")
        // ...all of it for nothing: the ideal cache would have served every step.
        #expect(naive.missedSteps.count == naive.effectiveSteps.count)
        #expect(naive.missedSeconds > 0)

        // per-stage: the compile stage was pushed, so its apt steps come from cache even though the source changed.
        let perStage = try build("per-stage", "source-change")
        let perStageApt = try #require(perStage.effectiveSteps.first(where: isApt))
        #expect(perStageApt.stage == "compile-image")
        #expect(perStageApt.cached)
        #expect(perStage.effectiveSteps.contains { $0.instruction.hasPrefix("RUN gcc") && !$0.cached })

        // inline, nothing changed: every RUN is CACHED.
        let inlineSame = try build("inline", "no-change")
        let inlineRuns = inlineSame.effectiveSteps.filter(isRun)
        #expect(inlineRuns.count == 3)
        #expect(inlineRuns.allSatisfy { $0.cached })
        #expect(inlineSame.missedSteps.isEmpty)

        // inline, source changed: only the final stage's cache was exported, so the apt step runs again.
        let inlineChanged = try build("inline", "source-change")
        let inlineApt = try #require(inlineChanged.effectiveSteps.first(where: isApt))
        #expect(!inlineApt.cached)

        // Every phase kept its argv and raw output; every build has timings.
        for detail in builds {
            #expect(detail.build.wallSeconds > 0)
            #expect(detail.phases.allSatisfy { !$0.argv.isEmpty && $0.wallSeconds >= 0 })
            #expect(detail.phases.contains { $0.kind == .build && !$0.output.isEmpty })
        }
        let run = try store.run(id: outcome.runId)
        #expect(run.status == .completed)
        #expect(run.engineVersions["dockerd"] != nil)
    }

    @Test(.realEngine) func failingBuildIsStoredAndExitsThree() async throws {
        let project = try Integration.temporaryDirectory(prefix: "cb-test-fail-")
        defer { try? FileManager.default.removeItem(at: project) }
        try """
        FROM debian:bookworm-slim
        RUN echo about to fail && exit 3
        """.write(to: project.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        let db = project.appendingPathComponent("r.sqlite").path
        let result = try await Integration.cli(["run", project.path, "--strategies", "naive", "--scenarios", "cold", "--db", db])
        #expect(result.code == 3, "stderr: \(result.err)")
        #expect(result.err.contains("build(s) failed"))
        let store = try ResultStore(path: db)
        let run = try store.latestRun()
        #expect(run.status == .failed)
        let builds = try store.builds(runId: run.id!)
        #expect(builds.count == 1)
        #expect(builds[0].build.status == .failed)
        let error = try #require(builds[0].build.error)
        #expect(error.contains("non-zero code: 3") || error.contains("exit code: 3"), "error: \(error)")
        #expect(Integration.leftoverDaemons().isEmpty)
    }

    @Test(.realEngine) func aPortTakenOnTheHostDoesNotConcernTheRunsRegistry() async throws {
        // Hold a port on the host's loopback with a real registry; the run's registry listens in its own
        // namespace, so the same fixed port is free there.
        let state = try Integration.temporaryDirectory(prefix: "cb-test-port-")
        defer { try? FileManager.default.removeItem(at: state) }
        let holder = try await RegistryServer.start(stateDirectory: state.path, storageDirectory: state.path + "/storage",
                                                    runner: SubprocessRunner())
        let project = try Integration.tinyProject("RUN echo built > /built")
        defer { try? FileManager.default.removeItem(at: project) }
        let result = try await Integration.cli(["run", project.path, "--strategies", "inline", "--scenarios", "cold",
                                                "--registry-port", String(holder.port),
                                                "--db", project.appendingPathComponent("r.sqlite").path])
        await holder.stop()
        #expect(result.code == 0, "stderr: \(result.err)")
    }

    @Test(.realEngine) func debootstrapUnreachableIsAOneLineError() async throws {
        let cache = try Integration.temporaryDirectory(prefix: "cb-test-cache-")
        defer { try? FileManager.default.removeItem(at: cache) }
        let project = try Integration.copySample("hello-c")
        defer { try? FileManager.default.removeItem(at: project) }
        let result = try await Integration.cli(["engine", "seed-base", "--cache-dir", cache.path,
                                                "--mirror", "http://127.0.0.1:9/debian"])
        #expect(result.code == 1)
        #expect(result.err.hasPrefix("error: debootstrap could not build the base image from http://127.0.0.1:9/debian"))
        #expect(result.err.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: cache.path + "/base/bookworm-minbase.tar"))
    }
}

/// The user's own Docker stays untouched: with a system containerd present, engines use a private one.
extension EndToEndTests {
    @Test(.realEngine) func hostContainerdIsNeverUsed() async throws {
        let socket = EngineNetwork.systemContainerdSocket
        guard !FileManager.default.fileExists(atPath: socket) else {
            Issue.record("a real system containerd runs here; this test only starts its own stand-in where none exists")
            return
        }
        // A stand-in for the user's containerd, at the system socket.
        let state = try Integration.temporaryDirectory(prefix: "cb-test-userctd-")
        defer { try? FileManager.default.removeItem(at: state) }
        let userContainerd = try await SubprocessRunner().startDaemon(
            Command("containerd", ["--root", state.path + "/root", "--state", state.path + "/state", "--address", socket]),
            logPath: state.path + "/log")
        defer { try? FileManager.default.removeItem(atPath: socket + ".ttrpc") }
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { try await Task.sleep(for: .milliseconds(100)) }

        let project = try Integration.temporaryDirectory(prefix: "cb-test-iso-")
        defer { try? FileManager.default.removeItem(at: project) }
        try "FROM debian:bookworm-slim\nRUN echo built > /built\n".write(to: project.appendingPathComponent("Dockerfile"),
                                                                      atomically: true, encoding: .utf8)
        let request = RunRequest(directory: project.path, engines: [.docker2010], strategies: ["inline"], scenarios: ["cold"],
                                 database: project.appendingPathComponent("r.sqlite").path)
        let outcome: RunOutcome
        do {
            outcome = try await RunSession.execute(request, prepared: try RunSession.prepare(request), runner: SubprocessRunner()) { _ in }.0
        } catch {
            await userContainerd.stop()
            throw error
        }
        let namespaces = try await SubprocessRunner().run(Command("ctr", ["-a", socket, "namespaces", "ls", "-q"]))
        await userContainerd.stop()
        #expect(outcome.failedBuilds == 0)
        #expect(namespaces.succeeded)
        #expect(namespaces.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                "the user's containerd gained namespaces: \(namespaces.output)")
        #expect(Integration.leftoverDaemons().isEmpty)
    }
}

/// The general case on the real engine: ARG before FROM, an unnamed stage referenced by index,
/// a dependency manifest, and a changed base image.
extension EndToEndTests {
    @Test(.realEngine) func perStageCachesUnnamedStagesThroughDependencySourceAndBaseChanges() async throws {
        let project = try Integration.copySample("multi-stage-make")
        defer { try? FileManager.default.removeItem(at: project) }
        let request = RunRequest(directory: project.path, engines: [.docker2010], strategies: ["per-stage"],
                                 scenarios: ["cold", "dependency-change", "source-change", "base-change"],
                                 database: project.appendingPathComponent("r.sqlite").path)
        let prepared = try RunSession.prepare(request)
        #expect(prepared.project.cacheStages == ["toolchain", "cachebench-stage-1"])
        let (outcome, store) = try await RunSession.execute(request, prepared: prepared, runner: SubprocessRunner()) { _ in }
        #expect(outcome.failedBuilds == 0)
        let builds = try store.builds(runId: outcome.runId)
        let modelErrors = try store.modelErrors(runId: outcome.runId)
        #expect(modelErrors.isEmpty, "steps the engine served from cache beat the model: \(modelErrors)")
        func steps(_ scenario: String) throws -> [StepRecord] {
            try #require(builds.first { $0.build.scenario == scenario }).effectiveSteps
        }
        func step(_ steps: [StepRecord], _ prefix: String) throws -> StepRecord {
            try #require(steps.first { $0.instruction.hasPrefix(prefix) }, "no step \(prefix)")
        }

        // The unnamed stage was tagged, pushed and is reported as BuildKit names it.
        let cold = try #require(builds.first { $0.build.scenario == "cold" })
        #expect(cold.phases.contains { $0.kind == .push && $0.argv.last?.hasSuffix(":cachebench-stage-1") == true })
        #expect(cold.layers.contains { $0.action == .pushed && ($0.bytes ?? 0) > 0 }, "pushed layers are sized from the manifest")
        #expect(try step(steps("cold"), "RUN make").stage == "stage-1")

        // packages.txt changed: apt-get update (before the COPY) still cached, the install is not.
        let dependency = try steps("dependency-change")
        #expect(try step(dependency, "RUN apt-get update").cached)
        #expect(try !step(dependency, "RUN grep").cached)

        // Source changed: the whole toolchain stage comes from cache, make runs again.
        let source = try steps("source-change")
        #expect(try step(source, "RUN grep").cached)
        #expect(try step(source, "COPY packages.txt").cached)
        #expect(try !step(source, "RUN make").cached)

        // The base image moved to a new digest: nothing can be reused.
        let base = try steps("base-change")
        #expect(!base.isEmpty)
        #expect(base.allSatisfy { !$0.cached }, "cached after base-change: \(base.filter(\.cached).map(\.instruction))")
        #expect(Integration.leftoverDaemons().isEmpty)
    }
}

/// `engine up` in the foreground, `engine status` and `engine down` from elsewhere: nothing left behind.
extension EndToEndTests {
    @Test(.realEngine) func engineUpStatusDown() async throws {
        let cache = BaseImageStore.defaultCacheDirectory()
        let logDir = try Integration.temporaryDirectory(prefix: "cb-test-up-")
        defer { try? FileManager.default.removeItem(at: logDir) }
        let up = try await SubprocessRunner().startDaemon(Command(Integration.executable.path, ["engine", "up", "--cache-dir", cache]),
                                                          logPath: logDir.path + "/up.log")
        var state: EngineStateFile?
        for _ in 0..<900 {
            if let found = EngineStateFile.read(cacheDirectory: cache), found.ownerPid == up.pid { state = found; break }
            if !up.isRunning { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard let state else {
            await up.stop()
            Issue.record("engine up did not come up: \(up.logTail(5))")
            return
        }
        let status = try await Integration.cli(["engine", "status", "--cache-dir", cache])
        #expect(status.out.contains("engine: running"))
        #expect(status.out.contains("DOCKER_HOST=\(state.dockerHost)"))
        let info = try await SubprocessRunner().run(Command("/usr/bin/docker", ["-H", state.dockerHost, "info", "--format", "{{.Images}}"]))
        #expect(info.succeeded)
        #expect(info.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "a fresh engine has no images")

        let down = try await Integration.cli(["engine", "down", "--cache-dir", cache])
        #expect(down.code == 0)
        #expect(down.out.contains("stopped engine"))
        #expect(!ProcessState.isAlive(state.ownerPid))
        #expect(!ProcessState.isAlive(state.dockerdPid))
        #expect(!ProcessState.isAlive(state.registryPid))
        let socketDirectory = String(state.dockerHost.dropFirst("unix://".count).dropLast("/sock".count))
        #expect(!FileManager.default.fileExists(atPath: socketDirectory), "engine dir removed")
        #expect(EngineStateFile.read(cacheDirectory: cache) == nil)
        await up.stop()
    }
}

/// buildah as the other engine: fresh storage per build, its layer cache pushed to and pulled from the registry.
extension EndToEndTests {
    @Test(.realEngine) func buildahLayersReusesItsRegistryCache() async throws {
        guard ExecutableLookup.find("buildah") != nil else {
            Issue.record("buildah is not installed: apt-get install -y buildah")
            return
        }
        let project = try Integration.copySample("hello-c")
        defer { try? FileManager.default.removeItem(at: project) }
        let request = RunRequest(directory: project.path, engines: [.docker2010], strategies: ["buildah-layers"], scenarios: ["cold", "source-change"],
                                 database: project.appendingPathComponent("r.sqlite").path)
        let (outcome, store) = try await RunSession.execute(request, prepared: try RunSession.prepare(request), runner: SubprocessRunner()) { _ in }
        #expect(outcome.failedBuilds == 0)
        let builds = try store.builds(runId: outcome.runId)
        let modelErrors = try store.modelErrors(runId: outcome.runId)
        #expect(modelErrors.isEmpty, "steps the engine served from cache beat the model: \(modelErrors)")
        let cold = try #require(builds.first { $0.build.scenario == "cold" })
        #expect(cold.effectiveSteps.allSatisfy { !$0.cached })
        let changed = try #require(builds.first { $0.build.scenario == "source-change" }).effectiveSteps
        let apt = try #require(changed.first { $0.instruction.hasPrefix("RUN apt-get install") })
        #expect(apt.cached, "buildah pulled its cache layer for the apt step")
        #expect(apt.stage == "compile-image")
        #expect(changed.contains { $0.instruction.hasPrefix("RUN gcc") && !$0.cached })
        #expect(Integration.leftoverDaemons().isEmpty)
        #expect(TempDirectory.mounts(under: "/tmp").filter { $0.contains("/cb-bh-") }.isEmpty, "buildah storage unmounted")
    }
}

/// Ctrl-C (or SIGTERM, SIGHUP) in the middle of a build: every daemon stopped, temp dirs and mounts gone, the run
/// marked interrupted, exit 128 + N as the README's table says.
extension EndToEndTests {
    @Test(.realEngine, arguments: [SIGINT, SIGTERM, SIGHUP])
    func interruptStopsEverythingItStarted(signal: Int32) async throws {
        let project = try Integration.copySample("hello-c")
        defer { try? FileManager.default.removeItem(at: project) }
        let db = project.appendingPathComponent("r.sqlite").path
        let run = try await Integration.startCLI(["run", project.path, "--strategies", "inline", "--scenarios", "cold", "--db", db],
                                                 project: project)
        // Wait for a dockerd under it, then for the build to be well under way.
        var engine: (pid: pid_t, name: String, cmdline: [String])?
        for _ in 0..<1800 where engine == nil {
            engine = Integration.children(of: run.pid).first { $0.name == "dockerd" && $0.cmdline.contains("--data-root") }
            if !run.isRunning { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard let engine else {
            await run.stop()
            Issue.record("no dockerd appeared under cachebench run: \(run.logTail(5))")
            return
        }
        let registry = Integration.children(of: run.pid).first { $0.name == "docker-registry" }
        let dataRoot = try #require(engine.cmdline.firstIndex(of: "--data-root").map { engine.cmdline[$0 + 1] })
        let engineDirectory = (dataRoot as NSString).deletingLastPathComponent
        try await Task.sleep(for: .seconds(4))

        kill(run.pid, signal)
        #expect(ProcessState.waitForExit(run.pid, timeout: 60))
        await run.stop()
        #expect(run.exited == 128 + signal, "exit code \(String(describing: run.exited)); log: \(run.logTail(5))")
        #expect(!ProcessState.isAlive(engine.pid), "dockerd \(engine.pid) still running")
        if let registry { #expect(!ProcessState.isAlive(registry.pid), "registry \(registry.pid) still running") }
        #expect(!FileManager.default.fileExists(atPath: engineDirectory), "engine dir \(engineDirectory) left behind")
        #expect(TempDirectory.mounts(under: engineDirectory).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: project.path + "/.cachebench/state/registry-storage"))
        let store = try ResultStore(path: db)
        #expect(try store.runs().last?.status == .interrupted)
        #expect(try store.builds(runId: store.runs().last!.id!).isEmpty, "no half-written build")
    }
}

/// A run with an emulated network: engines reach the registry through the throttling proxy.
extension EndToEndTests {
    @Test(.realEngine) func runThroughAnEmulatedNetwork() async throws {
        let project = try Integration.temporaryDirectory(prefix: "cb-test-net-")
        defer { try? FileManager.default.removeItem(at: project) }
        try "FROM debian:bookworm-slim\nRUN echo built > /built\n".write(to: project.appendingPathComponent("Dockerfile"),
                                                                      atomically: true, encoding: .utf8)
        let request = RunRequest(directory: project.path, engines: [.docker2010], strategies: ["inline"], scenarios: ["cold", "no-change"],
                                 database: project.appendingPathComponent("r.sqlite").path,
                                 network: NetworkProfile.parse("200mbit:5ms"))
        let (outcome, store) = try await RunSession.execute(request, prepared: try RunSession.prepare(request), runner: SubprocessRunner()) { _ in }
        #expect(outcome.failedBuilds == 0)
        let run = try store.run(id: outcome.runId)
        #expect(run.options["network"] == "200mbit:5ms: 200 Mbit/s, 5 ms each way")
        let builds = try store.builds(runId: outcome.runId)
        let modelErrors = try store.modelErrors(runId: outcome.runId)
        #expect(modelErrors.isEmpty, "steps the engine served from cache beat the model: \(modelErrors)")
        let same = try #require(builds.first { $0.build.scenario == "no-change" })
        #expect(same.effectiveSteps.allSatisfy { $0.cached }, "the inline cache came back through the proxy")
        #expect(Integration.leftoverDaemons().isEmpty)
    }
}
