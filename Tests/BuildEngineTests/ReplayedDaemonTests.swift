@testable import BuildEngine
import CacheBenchTestSupport
import Foundation
import Testing

/// Daemons through the `ProcessRunner` seam: their captured output replayed into their log file, so code that
/// reads a daemon's log (readiness, the reason it died) runs without the daemon.
@Suite struct ReplayedDaemonTests {
    /// docker-registry 2.8.2 (Debian 12), started on a port another program held: its whole output, exit code 1
    /// (captured on 2026-11-30 with the configuration `RegistryServer.configuration` writes).
    static let portTakenLog = """
        time="2026-11-30T08:03:46.424411433Z" level=warning msg="No HTTP secret provided - generated random secret. This may cause problems with uploads if multiple registries are behind a load-balancer. To provide a shared secret, fill in http.secret in the configuration file or set the REGISTRY_HTTP_SECRET environment variable." go.version=go1.19.8 instance.id=a0d6656e-124c-4737-8403-76c1131b656f version=2.8.2+ds1
        time="2026-11-30T08:03:46.495106597Z" level=fatal msg="listen tcp 127.0.0.1:45123: bind: address already in use"

        """

    @Test func aRegistryThatCannotBindIsReportedFromItsLog() async throws {
        let scratch = try ScratchDirectory()
        let replay = ReplayProcessRunner()
        replay.onDaemon({ $0.arguments.first == "serve" }, log: Self.portTakenLog, exitCode: 1)
        await #expect {
            _ = try await RegistryServer.start(stateDirectory: "\(scratch.path)/state", storageDirectory: "\(scratch.path)/storage",
                                               executable: "docker-registry", runner: replay)
        } throws: { error in
            guard case EngineError.registryPortTaken = error else { return false }
            return true
        }
        let daemon = try #require(replay.daemons.first)
        #expect(daemon.executable == "docker-registry")
        #expect(daemon.arguments == ["serve", "\(scratch.path)/state/registry.yml"])
        #expect(try String(contentsOfFile: "\(scratch.path)/state/registry.log", encoding: .utf8) == Self.portTakenLog)
    }

    @Test func aRegistryThatNeverAnswersIsStoppedAndItsLogTailReported() async throws {
        let scratch = try ScratchDirectory()
        let replay = ReplayProcessRunner()
        // Only the start-up warning: it runs, but nothing listens on its port.
        let warning = String(Self.portTakenLog.split(separator: "\n")[0])
        replay.onDaemon({ $0.arguments.first == "serve" }, log: warning + "\n")
        await #expect {
            _ = try await RegistryServer.start(stateDirectory: "\(scratch.path)/state", storageDirectory: "\(scratch.path)/storage",
                                               executable: "docker-registry", runner: replay, timeout: 0.3)
        } throws: { error in
            guard case EngineError.daemonNotReady(let what, _, let tail, _) = error else { return false }
            return what == "docker-registry" && tail == warning
        }
    }

    @Test func aReplayedDaemonRunsUntilStopped() async throws {
        let scratch = try ScratchDirectory()
        let replay = ReplayProcessRunner()
        replay.onDaemon({ $0.executable == "dockerd" }, log: "level=info msg=\"API listen on /run/cb/sock\"\n", times: 1)
        let daemon = try await replay.startDaemon(Command("dockerd", ["-H", "unix:///run/cb/sock"]), logPath: "\(scratch.path)/d.log")
        #expect(daemon.isRunning)
        #expect(daemon.exited == nil)
        #expect(daemon.logTail() == "level=info msg=\"API listen on /run/cb/sock\"")
        await daemon.stop()
        #expect(!daemon.isRunning)
        #expect(daemon.exited == 128 + SIGTERM)
        // `times: 1`: a second dockerd is not answered, and cannot start.
        await #expect(throws: EngineError.self) {
            _ = try await replay.startDaemon(Command("dockerd"), logPath: "\(scratch.path)/d2.log")
        }
    }
}
