@testable import BuildEngine
import CacheBenchTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct SubprocessRunnerTests {
    @Test func exitCodeAndBothStreamsAreCaptured() async throws {
        let seen = LineBox()
        let result = try await SubprocessRunner().run(Command("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])) {
            seen.append($0)
        }
        #expect(result.exitCode == 3)
        #expect(!result.succeeded)
        #expect(result.lines.filter { $0.stream == .stdout }.map(\.text) == ["out"])
        #expect(result.lines.filter { $0.stream == .stderr }.map(\.text) == ["err"])
        #expect(Set(seen.lines.map(\.text)) == ["out", "err"])
        #expect(result.lines.allSatisfy { $0.at >= 0 })
    }

    @Test func environmentAndWorkingDirectoryAreApplied() async throws {
        let dir = try ScratchDirectory()
        let result = try await SubprocessRunner().run(Command("/bin/sh", ["-c", "echo \"$CB_TEST_VALUE\"; pwd"],
                                                              environment: ["CB_TEST_VALUE": "a b"], workingDirectory: dir.path))
        #expect(result.exitCode == 0)
        let resolved = (dir.path as NSString).resolvingSymlinksInPath
        #expect(result.lines.map(\.text) == ["a b", resolved] || result.lines.map(\.text) == ["a b", dir.path])
    }

    @Test func bareNameIsLookedUpOnPath() async throws {
        let result = try await SubprocessRunner().run(Command("sh", ["-c", "printf 'no newline'"]))
        #expect(result.exitCode == 0)
        #expect(result.output == "no newline")
    }

    @Test func childKilledBySignalReports128PlusSignal() async throws {
        let result = try await SubprocessRunner().run(Command("/bin/sh", ["-c", "kill -9 $$"]))
        #expect(result.exitCode == 137)
    }

    @Test func missingExecutableThrowsCannotStart() async throws {
        await #expect {
            _ = try await SubprocessRunner().run(Command("/nonexistent/cachebench-test-program"))
        } throws: { error in
            guard case EngineError.cannotStart(let command, _) = error else { return false }
            return command == "/nonexistent/cachebench-test-program"
        }
    }

    /// A caller that takes its lines from `onLine` keeps only a tail: 300,000 lines stream through, 8 stay.
    @Test func tailRetentionKeepsOnlyTheLastLines() async throws {
        let seen = LineCount()
        let result = try await SubprocessRunner().run(Command("seq", ["1", "300000"]), retaining: .tail(8)) { _ in seen.add() }
        #expect(result.exitCode == 0)
        #expect(seen.value == 300_000)
        #expect(result.lines.map(\.text) == (299_993...300_000).map(String.init))
    }

    /// Blank lines do not push the last words out of an error message's tail.
    @Test func tailRetentionSkipsBlankLines() async throws {
        let result = try await SubprocessRunner().run(Command("/bin/sh", ["-c", "printf 'a\\nb\\n\\n  \\nc\\n\\n'"]),
                                                      retaining: .tail(2)) { _ in }
        #expect(result.lines.map(\.text) == ["b", "c"])
        #expect(result.tail() == "b | c")
    }

    @Test func finishedChildIsNoLongerTracked() async throws {
        let runner = SubprocessRunner()
        let result = try await runner.run(Command("/bin/sh", ["-c", "echo $$"]))
        let pid = try #require(Int32(result.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(runner.supervisor.running[pid] == nil)
    }

    @Test func aRunningChildIsTrackedByTheRunnersSupervisor() async throws {
        let runner = SubprocessRunner()
        let dir = try ScratchDirectory()
        let pidFile = "\(dir.path)/pid", release = "\(dir.path)/release"
        // The child runs until the test has looked (the release file), however slow the machine.
        async let result = runner.run(Command("/bin/sh", ["-c", "echo $$ > \(pidFile); while [ ! -e \(release) ]; do sleep 0.05; done"]))
        var pid: pid_t?
        for _ in 0..<3000 where pid == nil {
            pid = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if pid == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        // The child may run before the runner has adopted its pid: wait (bounded) for the registration.
        var tracked: String?
        for _ in 0..<3000 where tracked == nil && pid != nil {
            tracked = runner.supervisor.running[pid!]
            if tracked == nil { try await Task.sleep(for: .milliseconds(10)) }
        }
        FileManager.default.createFile(atPath: release, contents: nil)
        _ = try #require(pid)
        #expect(tracked == "/bin/sh")
        #expect(try await result.succeeded)
        #expect(runner.supervisor.running.isEmpty)
    }

    @Test func aStoppedSupervisorRefusesToRunAnything() async throws {
        let runner = SubprocessRunner()
        runner.supervisor.stop()
        await #expect(throws: CancellationError.self) { _ = try await runner.run(Command("/bin/true")) }
        await #expect(throws: CancellationError.self) {
            _ = try await runner.startDaemon(Command("/bin/sleep", ["60"]), logPath: "/dev/null")
        }
    }
}

final class LineCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

final class LineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [OutputLine] = []
    func append(_ line: OutputLine) { lock.withLock { storage.append(line) } }
    var lines: [OutputLine] { lock.withLock { storage } }
}

@Suite struct DaemonProcessTests {
    @Test func stopLeavesTheProcessDead() async throws {
        let dir = try ScratchDirectory()
        let runner = SubprocessRunner()
        let daemon = try await runner.startDaemon(Command("/bin/sleep", ["60"]), logPath: "\(dir.path)/sleep.log")
        let pid = daemon.pid
        #expect(pid > 0)
        #expect(daemon.isRunning)
        #expect(runner.supervisor.running == [pid: "/bin/sleep"], "registered as a daemon until stopped")
        await daemon.stop(timeout: 10)
        #expect(!daemon.isRunning)
        #expect(!ProcessState.isAlive(pid))
        #expect(daemon.exited == 128 + SIGTERM)
        #expect(runner.supervisor.running.isEmpty)
        await daemon.stop(timeout: 1)  // safe to call twice
    }

    @Test func processThatExitsByItselfReportsItsExitCode() async throws {
        let dir = try ScratchDirectory()
        let daemon = try await SubprocessRunner().startDaemon(Command("/bin/sh", ["-c", "echo first; echo; echo last; exit 7"]),
                                                              logPath: "\(dir.path)/sh.log")
        // A generous bound only so that a broken build cannot hang the suite; no timing is asserted.
        for _ in 0..<600 where daemon.exited == nil { try await Task.sleep(for: .milliseconds(50)) }
        #expect(daemon.exited == 7)
        #expect(!daemon.isRunning)
        #expect(daemon.logTail() == "first | last")
        await daemon.stop(timeout: 1)
    }

    @Test func missingExecutableThrowsCannotStart() async throws {
        let dir = try ScratchDirectory()
        await #expect(throws: EngineError.self) {
            _ = try await SubprocessRunner().startDaemon(Command("/nonexistent/daemon"), logPath: "\(dir.path)/d.log")
        }
    }

    @Test func logTailWithoutLog() {
        let daemon = DaemonProcess(command: Command("/bin/true"), logPath: "/nonexistent/dir/log", pid: 0,
                                   control: ReplayedDaemon(exitCode: 0))
        #expect(daemon.logTail() == "(no log)")
    }
}

@Suite struct ProcessSupervisorTests {
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [String] = []
        func append(_ name: String) { lock.withLock { storage.append(name) } }
        var names: [String] { lock.withLock { storage } }
    }

    @Test func deregisteredCleanupDoesNotRunAndTheRestRunNewestFirst() {
        let supervisor = ProcessSupervisor()
        let calls = Calls()
        _ = supervisor.registerCleanup { calls.append("first") }
        let middle = supervisor.registerCleanup { calls.append("middle") }
        _ = supervisor.registerCleanup { calls.append("last") }
        supervisor.deregisterCleanup(middle)
        supervisor.stop()
        #expect(calls.names == ["last", "first"])
        supervisor.stop()  // the list was emptied: nothing runs twice
        #expect(calls.names == ["last", "first"])
    }

    @Test func deregisteringAnUnknownTokenIsHarmless() {
        let supervisor = ProcessSupervisor()
        let calls = Calls()
        _ = supervisor.registerCleanup { calls.append("kept") }
        supervisor.deregisterCleanup(UUID())
        supervisor.stop()
        #expect(calls.names == ["kept"])
    }

    /// The order that fixed the Ctrl-C landmine: the run's task is cancelled, every process is stopped and
    /// reaped, and only then does any clean-up run (a directory removed under a live daemon is re-created by it).
    @Test func stopCancelsKillsAndReapsEveryProcessBeforeTheCleanUps() async throws {
        let supervisor = ProcessSupervisor()
        var sleepers: [Process] = []
        for _ in 0..<2 {
            let sleeper = Process()
            sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
            sleeper.arguments = ["60"]
            try sleeper.run()
            sleepers.append(sleeper)
        }
        let pids = sleepers.map(\.processIdentifier)
        try supervisor.beginSpawn().adopt(pids[0], name: "sleep")
        try supervisor.beginSpawn().adopt(pids[1], name: "sleep", daemon: true)
        let work = Task { try await Task.sleep(for: .seconds(600)) }
        supervisor.cancelOnStop(work)
        let calls = Calls()
        supervisor.registerCleanup {
            calls.append("first: cancelled \(work.isCancelled), alive \(pids.filter(ProcessState.isAlive))")
        }
        supervisor.registerCleanup {
            calls.append("last: cancelled \(work.isCancelled), alive \(pids.filter(ProcessState.isAlive))")
        }
        await Task.detached { supervisor.stop(signal: SIGINT, graceSeconds: 1) }.value
        // Newest first; both processes already gone (reaped: not even zombies) when the first clean-up runs.
        #expect(calls.names == ["last: cancelled true, alive []", "first: cancelled true, alive []"])
        await #expect(throws: CancellationError.self) { try await work.value }
        for sleeper in sleepers { sleeper.waitUntilExit() }
        #expect(sleepers.allSatisfy { $0.terminationReason == .uncaughtSignal })
        #expect(supervisor.isStopping)
        #expect(supervisor.stopSignal == SIGINT)
        #expect(supervisor.running.isEmpty)
    }

    @Test func aCleanUpRegisteredAfterTheStopRunsAtOnce() {
        let supervisor = ProcessSupervisor()
        supervisor.stop()
        let calls = Calls()
        supervisor.registerCleanup { calls.append("late") }
        #expect(calls.names == ["late"])
        supervisor.stop()  // nothing is kept to run twice
        #expect(calls.names == ["late"])
    }

    @Test func aTaskRegisteredAfterTheStopIsCancelledAtOnce() async {
        let supervisor = ProcessSupervisor()
        supervisor.stop(signal: SIGTERM)
        let work = Task { try await Task.sleep(for: .seconds(600)) }
        supervisor.cancelOnStop(work)
        await #expect(throws: CancellationError.self) { try await work.value }
        #expect(supervisor.stopSignal == SIGTERM)
    }

    @Test func aStopWithoutASignalNamesNone() {
        let supervisor = ProcessSupervisor()
        #expect(!supervisor.isStopping)
        supervisor.stop()
        supervisor.stop(signal: SIGHUP)  // the first stop decides
        #expect(supervisor.isStopping)
        #expect(supervisor.stopSignal == nil)
    }

    @Test func supervisorsAreIndependent() throws {
        let one = ProcessSupervisor(), other = ProcessSupervisor()
        try other.beginSpawn().adopt(4_000_001, name: "dockerd", daemon: true)
        one.stop()
        #expect(other.running == [4_000_001: "dockerd"])
        #expect(throws: Never.self) { try other.beginSpawn().finish() }
    }

    @Test func trackedChildrenAreListedAndRemoved() throws {
        let supervisor = ProcessSupervisor()
        try supervisor.beginSpawn().adopt(4_000_000, name: "dockerd", daemon: true)
        #expect(supervisor.running == [4_000_000: "dockerd"])
        supervisor.remove(4_000_000)
        #expect(supervisor.running.isEmpty)
    }
}

@Suite struct ProcessStateTests {
    @Test func ownProcessIsAliveAndBogusPidsAreNot() {
        #expect(ProcessState.isAlive(getpid()))
        #expect(!ProcessState.isAlive(0))
        #expect(!ProcessState.isAlive(-1))
    }
}

/// The spawn gate: what closes the Ctrl-C race in which a daemon spawned during the stop
/// outlived it and re-created its removed directory.
@Suite struct SpawnGateTests {
    @Test func noSpawnOpensOnceStopping() {
        let supervisor = ProcessSupervisor()
        supervisor.stop()
        #expect(throws: CancellationError.self) { _ = try supervisor.beginSpawn() as SpawnTicket }
    }

    @Test func stopWaitsForASpawnInFlightAndStopsItsProcess() throws {
        let supervisor = ProcessSupervisor()
        let ticket = try supervisor.beginSpawn()
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["60"]
        try sleeper.run()
        let pid = sleeper.processIdentifier
        // The pid is registered only after the stop began: the stop must wait for it, then stop it.
        let adopter = Thread {
            while !supervisor.isStopping { usleep(1_000) }
            ticket.adopt(pid, name: "sleep", daemon: true)
        }
        adopter.start()
        supervisor.stop(graceSeconds: 1)
        sleeper.waitUntilExit()
        #expect(sleeper.terminationReason == .uncaughtSignal)
    }

    @Test func aFailedSpawnDoesNotHoldTheStop() throws {
        let supervisor = ProcessSupervisor()
        let ticket = try supervisor.beginSpawn()
        ticket.finish()
        ticket.adopt(4_000_000, name: "late")  // after finish: ignored, no pid registered
        #expect(supervisor.running.isEmpty)
    }

    @Test func aDaemonsDescendantsThatLeftItsGroupAreStoppedWithIt() async throws {
        let dir = try ScratchDirectory()
        let pidFile = "\(dir.path)/escaped.pid"
        // setsid puts the sleeper in a session (and group) of its own, as containerd does with its shims.
        let daemon = try await SubprocessRunner().startDaemon(
            Command("/bin/sh", ["-c", "setsid sleep 300 & echo $! > \(pidFile); wait"]), logPath: "\(dir.path)/d.log")
        var escaped: pid_t?
        for _ in 0..<100 where escaped == nil {
            escaped = (try? String(contentsOfFile: pidFile, encoding: .utf8))
                .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if escaped == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        let sleeper = try #require(escaped)
        #expect(ProcessState.isAlive(sleeper))
        await daemon.stop(timeout: 1)
        #expect(!ProcessState.isAlive(sleeper), "sleep \(sleeper) outlived its daemon")
    }

    @Test func descendantsAreFoundThroughParentLinks() throws {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "sleep 30 & sleep 30 & wait"]
        try shell.run()
        defer { shell.terminate(); ProcessTree.stop(pids: [shell.processIdentifier], groupLeaders: [], graceSeconds: 1) }
        var found: [ProcessIdentity] = []
        for _ in 0..<100 where found.count < 2 {
            found = ProcessState.descendants(of: shell.processIdentifier)
            usleep(20_000)
        }
        #expect(found.count == 2)
        let allAlive = found.allSatisfy { $0.isSameProcessAlive }
        #expect(allAlive)
    }
}
