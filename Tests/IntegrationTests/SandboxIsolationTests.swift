import BenchAnalysis
import BenchRunner
import BuildEngine
import Foundation
import ResultStore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The sandbox against the real programs: the host's network is untouched while a user's Docker serves a
/// published port; two runs share a machine; a killed run is cleaned up by the next command; timeouts and a
/// dead registry fail builds with reasons. In the serialized suite, like every real-engine test.
extension EndToEndTests {
    @Test(.realEngine) func theHostAndAUsersDockerAreUntouched() async throws {
        let user = try await UserDocker.start()
        do {
            #expect(user.answers(), "the stand-in's published port answers before the run")
            let rulesBefore = try await Integration.hostRules()
            // The stand-in's new veth gains IPv6 link-local routes a moment later: wait until the host settles.
            var networkBefore = try await Integration.hostNetwork()
            for _ in 0..<10 {
                try await Task.sleep(for: .seconds(1))
                let again = try await Integration.hostNetwork()
                if again == networkBefore { break }
                networkBefore = again
            }
            let project = try Integration.tinyProject("RUN apt-get update -qq && echo fetched > /fetched")
            defer { try? FileManager.default.removeItem(at: project) }
            let request = RunRequest(directory: project.path, engines: [.docker2010], strategies: ["inline", "naive"], scenarios: ["cold"],
                                     database: project.appendingPathComponent("r.sqlite").path)
            let (outcome, _) = try await RunSession.execute(request, prepared: try RunSession.prepare(request), runner: SubprocessRunner()) { _ in }
            #expect(outcome.failedBuilds == 0, "builds reach the internet through the namespace's uplink")
            #expect(try await Integration.hostRules() == rulesBefore, "iptables rules changed")
            let networkAfter = try await Integration.hostNetwork()
            let gone = Set(networkBefore.split(separator: "\n")).subtracting(networkAfter.split(separator: "\n"))
            let new = Set(networkAfter.split(separator: "\n")).subtracting(networkBefore.split(separator: "\n"))
            #expect(networkAfter == networkBefore, "links, routes or forwarding changed: gone \(gone.sorted()), new \(new.sorted())")
            #expect(user.answers(), "the user's published port stopped answering")
            #expect(Integration.orphanNamespaces().isEmpty)
            let userDaemon = user.daemon.map { "\($0.pid) dockerd" }
            #expect(Integration.leftoverDaemons().filter { $0 != userDaemon }.isEmpty)
        } catch {
            await user.stop()
            throw error
        }
        await user.stop()
    }

    @Test(.realEngine) func twoRunsAtOnceBothCacheCorrectly() async throws {
        let first = try Integration.tinyProject("RUN echo one > /one")
        let second = try Integration.tinyProject("RUN echo two > /two")
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        func request(_ project: URL) -> RunRequest {
            RunRequest(directory: project.path, engines: [.docker2010], strategies: ["inline"], scenarios: ["cold", "no-change"],
                       database: project.appendingPathComponent("r.sqlite").path)
        }
        async let a = RunSession.execute(request(first), prepared: try RunSession.prepare(request(first)), runner: SubprocessRunner()) { _ in }
        async let b = RunSession.execute(request(second), prepared: try RunSession.prepare(request(second)), runner: SubprocessRunner()) { _ in }
        for (outcome, store) in try await [a, b] {
            #expect(outcome.failedBuilds == 0)
            let builds = try store.builds(runId: outcome.runId)
            let again = try #require(builds.first { $0.build.scenario == "no-change" })
            #expect(!again.effectiveSteps.isEmpty && again.effectiveSteps.allSatisfy(\.cached), "no-change served every step from cache")
        }
        #expect(Integration.orphanNamespaces().isEmpty)
        #expect(Integration.leftoverDaemons().isEmpty)
    }

    /// On disk and in memory: a killed run's engine tmpfs is unmounted by the clean-up like its overlay mounts.
    @Test(.realEngine, arguments: [EngineStorage.disk, .memory])
    func aKilledRunIsCleanedUpByTheNextCommand(storage: EngineStorage) async throws {
        let project = try Integration.tinyProject("RUN sleep 120")
        defer { try? FileManager.default.removeItem(at: project) }
        let db = project.appendingPathComponent("r.sqlite").path
        let run = try await Integration.startCLI(["run", project.path, "--strategies", "inline", "--scenarios", "cold", "--db", db,
                                                  "--engine-storage", storage.rawValue],
                                                 project: project)
        let records = SandboxRecords(cacheDirectory: BaseImageStore.defaultCacheDirectory())
        var record: SandboxRecord?
        var engine: pid_t?
        for _ in 0..<1800 where engine == nil || record?.runId == nil {
            record = records.all().first { $0.ownerPid == run.pid }
            engine = Integration.children(of: run.pid).first { $0.name == "dockerd" }?.pid
            if !run.isRunning { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard let record, let engine, record.runId != nil else {
            await run.stop()
            Issue.record("no engine appeared under cachebench run: \(run.logTail(5))")
            return
        }
        try await Task.sleep(for: .seconds(3))
        if storage == .memory {
            let mounts = TempDirectory.mountTable()
            #expect(mounts.split(separator: "\n").contains { $0.contains(record.tempRoot) && $0.contains(" - tmpfs ") },
                    "the engine's tmpfs is mounted under the run's temp dir")
        }
        kill(run.pid, SIGKILL)
        await run.stop()
        // What a SIGKILL leaves behind, and what gc is for: the namespace (with whatever still runs in it) and the temp root.
        #expect(FileManager.default.fileExists(atPath: NetworkNamespace(name: record.namespace).path))
        #expect(FileManager.default.fileExists(atPath: record.tempRoot))

        let gc = try await Integration.cli(["engine", "gc"])
        #expect(gc.code == 0, "stderr: \(gc.err)")
        #expect(gc.out.contains("cleaned up namespace \(record.namespace)"), "gc said: \(gc.out)")
        #expect(ProcessState.waitForExit(engine, timeout: 5), "dockerd \(engine) still running")
        if let uplink = record.uplinkPid { #expect(!ProcessState.isAlive(uplink), "slirp4netns still running") }
        #expect(!FileManager.default.fileExists(atPath: NetworkNamespace(name: record.namespace).path))
        #expect(!FileManager.default.fileExists(atPath: record.tempRoot), "temp root left behind")
        #expect(TempDirectory.mounts(under: record.tempRoot).isEmpty)
        // Nor anywhere else: containerd's temporary snapshot mounts (containerd-mountN) name the run's dirs.
        let mountTable = TempDirectory.mountTable()
        #expect(!mountTable.contains(record.tempRoot), "a mount still refers to the killed run: \(mountTable)")
        #expect(!records.all().contains(record))
        let store = try ResultStore(path: db)
        #expect(try store.run(id: record.runId!).status == .interrupted)
    }

    @Test(.realEngine) func aPhaseThatPassesItsTimeoutFailsItsBuild() async throws {
        let project = try Integration.tinyProject("RUN sleep 120")
        defer { try? FileManager.default.removeItem(at: project) }
        var request = RunRequest(directory: project.path, engines: [.docker2010], strategies: ["inline"], scenarios: ["cold"],
                                 database: project.appendingPathComponent("r.sqlite").path)
        request.phaseTimeout = 8
        let (outcome, store) = try await RunSession.execute(request, prepared: try RunSession.prepare(request), runner: SubprocessRunner()) { _ in }
        #expect(outcome.failedBuilds == 1)
        let build = try #require(try store.builds(runId: outcome.runId).first?.build)
        #expect(build.error?.hasPrefix("timed out after 8 s") == true, "error: \(build.error ?? "none")")
        #expect(build.wallSeconds < 60)
        #expect(Integration.leftoverDaemons().isEmpty)
    }

    @Test(.realEngine) func aRegistryThatDiesFailsTheBuildWithItsLog() async throws {
        let project = try Integration.tinyProject("RUN sleep 8")
        defer { try? FileManager.default.removeItem(at: project) }
        let request = RunRequest(directory: project.path, engines: [.docker2010], strategies: ["naive"], scenarios: ["cold"],
                                 database: project.appendingPathComponent("r.sqlite").path)
        let killer = Task {
            // Once the build's dockerd is up, kill the run's registry (ours: its config is in the project).
            for _ in 0..<1200 {
                let mine = Integration.children(of: getpid())
                if mine.contains(where: { $0.name == "dockerd" }),
                   let registry = mine.first(where: { $0.name == "docker-registry" && $0.cmdline.joined().contains(project.path) }) {
                    try await Task.sleep(for: .seconds(2))
                    kill(registry.pid, SIGKILL)
                    return true
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            return false
        }
        let (outcome, store) = try await RunSession.execute(request, prepared: try RunSession.prepare(request), runner: SubprocessRunner()) { _ in }
        #expect(try await killer.value)
        #expect(outcome.failedBuilds == 1)
        let error = try #require(try store.builds(runId: outcome.runId).first?.build.error)
        #expect(error.hasPrefix("the registry died during the build"), "error: \(error)")
        let logPath = error.components(separatedBy: "(full log: ").last?.components(separatedBy: ")").first ?? ""
        #expect(FileManager.default.fileExists(atPath: logPath), "the registry's log is kept at \(logPath)")
        #expect(Integration.leftoverDaemons().isEmpty)
    }
}

/// A stand-in for the user's own Docker, in the host's network namespace as a user's would be: it
/// creates its bridge and iptables rules, and serves a published port from a container
/// (`--userland-proxy=false`, so the port answers only while its DNAT rules are in place).
/// Removed at the end together with the rules and bridge it created.
final class UserDocker: @unchecked Sendable {
    let directory: String
    let port: Int
    let rulesBefore: String
    let hadBridge: Bool
    private(set) var daemon: DaemonProcess?

    static let bridge = "cbuser0"

    var host: String { "unix://\(directory)/sock" }

    private init(directory: String, port: Int, rulesBefore: String, hadBridge: Bool) {
        self.directory = directory; self.port = port; self.rulesBefore = rulesBefore; self.hadBridge = hadBridge
    }

    static func start() async throws -> UserDocker {
        let directory = try TempDirectory.make(prefix: "cb-user-")
        let rules = try await SubprocessRunner().run(Command("iptables-save", []))
        let hadBridge = FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)")
        let user = UserDocker(directory: directory, port: LoopbackHTTP.freePort() ?? 18_080,
                              rulesBefore: rules.lines.filter { $0.stream == .stdout }.map(\.text).joined(separator: "\n") + "\n",
                              hadBridge: hadBridge)
        do {
            try await user.boot()
        } catch {
            await user.stop()
            throw error
        }
        return user
    }

    private func boot() async throws {
        let runner = SubprocessRunner()
        if !hadBridge {
            for arguments in [["link", "add", Self.bridge, "type", "bridge"], ["addr", "add", "10.252.7.1/24", "dev", Self.bridge],
                              ["link", "set", Self.bridge, "up"]] {
                try await runner.runChecked(Command("ip", arguments), what: "making the stand-in's bridge", hint: "")
            }
        }
        try "{}".write(toFile: "\(directory)/daemon.json", atomically: true, encoding: .utf8)
        let daemon = try await runner.startDaemon(Command("dockerd", [
            "--config-file", "\(directory)/daemon.json", "--data-root", "\(directory)/root", "--exec-root", "\(directory)/exec",
            "--pidfile", "\(directory)/pid", "-H", host, "--bridge", Self.bridge, "--userland-proxy=false",
        ]), logPath: "\(directory)/dockerd.log")
        self.daemon = daemon
        for _ in 0..<300 {
            if (try? await runner.run(Command("docker", ["-H", host, "info"])))?.succeeded == true { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let base = BaseImageStore(cacheDirectory: BaseImageStore.defaultCacheDirectory())
        try await runner.runChecked(Command("docker", ["-H", host, "import", base.rootfsTarball, "userbase"]),
                                    what: "importing the stand-in's image", hint: "")
        let server = #"$s=IO::Socket::INET->new(LocalPort=>8080,Listen=>5,ReuseAddr=>1) or die; while($c=$s->accept){print $c "HTTP/1.0 200 OK\r\n\r\nuser\n"; close $c}"#
        try await runner.runChecked(Command("docker", ["-H", host, "run", "-d", "--name", "user-web", "-p", "127.0.0.1:\(port):8080",
                                                       "userbase", "perl", "-MIO::Socket::INET", "-e", server]),
                                    what: "starting the stand-in's container", hint: "")
        for _ in 0..<100 where !answers() { try await Task.sleep(for: .milliseconds(100)) }
    }

    func answers() -> Bool { LoopbackHTTP.get(port: port, path: "/", timeout: 2)?.status == 200 }

    func stop() async {
        if daemon != nil { _ = try? await SubprocessRunner().run(Command("docker", ["-H", host, "rm", "-f", "user-web"])) }
        await daemon?.stop()
        // Put the host back as it was before the stand-in: its rules and its bridge.
        let restore = Process()
        restore.executableURL = URL(fileURLWithPath: ExecutableLookup.find("iptables-restore") ?? "/usr/sbin/iptables-restore")
        let input = Pipe()
        restore.standardInput = input
        if (try? restore.run()) != nil {
            input.fileHandleForWriting.write(Data(rulesBefore.utf8))
            try? input.fileHandleForWriting.close()
            restore.waitUntilExit()
        }
        if !hadBridge { _ = try? await SubprocessRunner().run(Command("ip", ["link", "delete", Self.bridge])) }
        TempDirectory.remove(directory)
    }
}

/// `run --resume`: an interrupted run is finished, keeping its finished chains and re-running the cut one.
extension EndToEndTests {
    @Test(.realEngine) func anInterruptedRunIsResumed() async throws {
        let project = try Integration.tinyProject("RUN echo resumed > /resumed")
        defer { try? FileManager.default.removeItem(at: project) }
        let db = project.appendingPathComponent("r.sqlite").path
        let run = try await Integration.startCLI(["run", project.path, "--strategies", "inline,naive", "--scenarios", "cold,no-change",
                                                  "--order", "fixed", "--db", db], project: project)
        // Fixed order: inline cold, naive cold, inline no-change, naive no-change. Interrupt the last one:
        // inline's chain is finished and kept, naive's is cut short and re-runs from its cold build.
        var started = false
        for _ in 0..<1800 where !started {
            started = (try? String(contentsOfFile: project.path + "/run.log", encoding: .utf8))?.contains("(4/4) naive · no-change · iteration 1") == true
            if !run.isRunning { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try #require(started, "the run never reached its last build: \(run.logTail(5))")
        try await Task.sleep(for: .seconds(2))
        kill(run.pid, SIGINT)
        #expect(ProcessState.waitForExit(run.pid, timeout: 30))
        await run.stop()
        let store = try ResultStore(path: db)
        let id = try #require(try store.runs().last?.id)
        #expect(try store.run(id: id).status == .interrupted)
        let kept = try store.builds(runId: id).map(\.build.id)

        let resumed = try await Integration.cli(["run", project.path, "--resume", String(id), "--db", db])
        #expect(resumed.code == 0, "stderr: \(resumed.err)")
        #expect(resumed.err.contains("left to finish"), "stderr: \(resumed.err)")
        #expect(try store.run(id: id).status == .completed)
        let builds = try store.builds(runId: id).map(\.build)
        #expect(builds.count == 4)
        for strategy in ["inline", "naive"] {
            #expect(builds.filter { $0.strategy == strategy }.map(\.chainPosition).sorted() == [0, 1], "\(strategy)'s chain is whole")
        }
        let inline = builds.filter { $0.strategy == "inline" }.map(\.id)
        #expect(inline.allSatisfy { kept.contains($0) }, "the finished chain is kept, not re-run")
        #expect(builds.filter { $0.strategy == "naive" }.allSatisfy { !kept.contains($0.id) }, "the cut chain re-ran from its start")
        let again = try await Integration.cli(["run", project.path, "--resume", String(id), "--db", db])
        #expect(again.code == 1)
        #expect(again.err.hasPrefix("error: run \(id) is completed, not interrupted"))
        #expect(Integration.orphanNamespaces().isEmpty)
    }
}
