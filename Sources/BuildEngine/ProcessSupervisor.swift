import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Owns every process a command started and every clean-up that undoes what it created (daemons, temp
/// dirs, mounts, namespaces), and stops them all on a signal. One per command: the CLI's entry point makes
/// it and installs the signal sources (`SignalTrap`); libraries get it with their `ProcessRunner`
/// (`runner.supervisor`), so a test gets a supervisor of its own with its runner.
///
/// A `Sendable` final class whose state is behind a `Mutex`, not an actor, for two reasons:
/// - the stop runs on the signal source's dispatch queue and blocks (SIGTERM, a grace period, SIGKILL,
///   waiting for the dead, then synchronous clean-ups: seconds). On an actor it would hold one of the
///   cooperative pool's threads (two on a 2-core runner) while the tasks being cancelled need them.
/// - spawns enter and leave the gate below inside swift-subprocess's spawn closure and in `defer` blocks,
///   and clean-ups are deregistered in `defer` blocks: places that cannot `await`.
///
/// The stop (`stop(signal:)`), in this order: the gate closes (nothing new starts), the tasks registered
/// with `cancelOnStop` are cancelled (they see `CancellationError`), spawns in flight are waited for,
/// every process is stopped at once (process groups, and descendants that left them, such as containerd's
/// shims, checked by start time so that no reused pid is signalled) and reaped, and only then do the
/// clean-ups run, newest first. `waitForStop` lets the main task wait for all of it before it exits.
///
/// A clean-up registered after the stop took its snapshot runs at once, on the caller's thread: what it
/// undoes was made after the stop began, and nothing else would undo it.
package final class ProcessSupervisor: Sendable {
    private struct State {
        var children: [pid_t: String] = [:]
        /// Process-group leaders (daemons): their whole group, and what they spawned, is stopped.
        var daemons: [pid_t: String] = [:]
        var cleanups: [(id: UUID, action: @Sendable () -> Void)] = []
        var cancellations: [@Sendable () -> Void] = []
        var stopping = false
        /// The stop took its snapshot: a clean-up registered from now on runs at once.
        var snapshotTaken = false
        /// The signal that began the stop, if a signal did.
        var signal: Int32?
        var spawning = 0
        var finishing = false
    }

    private let state = Mutex(State())
    private let finished = DispatchGroup()

    package init() {}

    /// True once the stop began: nothing new may be started after that.
    package var isStopping: Bool { state.withLock { $0.stopping } }

    /// The signal that began the stop (SIGINT, SIGTERM, SIGHUP); nil when none did.
    package var stopSignal: Int32? { state.withLock { $0.signal } }

    /// Blocks until a stop that began has run every clean-up (bounded): the main task, whose work
    /// failed because of the stop, must not exit the process while the stop is still removing things.
    package func waitForStop(timeout: Double = 30) {
        guard isStopping else { return }
        _ = finished.wait(timeout: .now() + timeout)
    }

    /// Cancels `task` when the stop begins (at once if it began already): the run sees `CancellationError`.
    package func cancelOnStop<Success: Sendable, Failure: Error>(_ task: Task<Success, Failure>) {
        let now = state.withLock { state -> Bool in
            if state.stopping { return true }
            state.cancellations.append { task.cancel() }
            return false
        }
        if now { task.cancel() }
    }

    /// Opens a spawn: throws `CancellationError` once stopping. The ticket must be adopted with
    /// the new pid, or finished if the spawn failed.
    package func beginSpawn() throws -> SpawnTicket {
        try state.withLock { state in
            if state.stopping { throw CancellationError() }
            state.spawning += 1
        }
        return SpawnTicket(owner: self)
    }

    fileprivate func endSpawn(pid: pid_t?, name: String, daemon: Bool) {
        state.withLock { state in
            state.spawning -= 1
            guard let pid else { return }
            if daemon { state.daemons[pid] = name } else { state.children[pid] = name }
        }
    }

    /// Forgets a process that was stopped, or ended, normally.
    func remove(_ pid: pid_t) {
        state.withLock { state in
            _ = state.children.removeValue(forKey: pid)
            _ = state.daemons.removeValue(forKey: pid)
        }
    }

    /// Pids of running children and daemons, for tests.
    package var running: [pid_t: String] { state.withLock { $0.children.merging($0.daemons) { a, _ in a } } }

    /// Registers a synchronous clean-up; returns a token to deregister it once done normally.
    /// After the stop's snapshot it runs at once instead (see the type's documentation).
    @discardableResult
    package func registerCleanup(_ action: @escaping @Sendable () -> Void) -> UUID {
        let id = UUID()
        let late = state.withLock { state -> Bool in
            if state.snapshotTaken { return true }
            state.cleanups.append((id, action))
            return false
        }
        if late { action() }
        return id
    }

    package func deregisterCleanup(_ id: UUID) {
        state.withLock { $0.cleanups.removeAll { $0.id == id } }
    }

    /// Cancels the registered tasks, stops every tracked process, all at once, then runs every registered
    /// clean-up, newest first. Processes are stopped and reaped before any directory is removed. Blocks,
    /// bounded by about 5 s plus the clean-ups. A second call returns at once (`waitForStop` waits for the first).
    /// - Parameter signal: the signal that asked for the stop (see `stopSignal`).
    package func stop(signal: Int32? = nil, graceSeconds: Double = 3) {
        let (first, cancellations) = state.withLock { state -> (Bool, [@Sendable () -> Void]) in
            if !state.stopping { state.signal = signal }
            state.stopping = true
            if state.finishing { return (false, []) }
            state.finishing = true
            finished.enter()  // under the lock: whoever sees `stopping` also sees the stop as unfinished
            defer { state.cancellations.removeAll() }
            return (true, state.cancellations)
        }
        guard first else { return }
        defer { finished.leave() }
        for cancel in cancellations { cancel() }
        // A spawn in flight registers its pid within moments; wait for it (bounded).
        let spawnDeadline = Date().addingTimeInterval(2)
        while state.withLock({ $0.spawning > 0 }) && Date() < spawnDeadline { usleep(5_000) }
        let (pids, groups, actions) = state.withLock { state -> ([pid_t], [pid_t], [@Sendable () -> Void]) in
            let snapshot = (Array(state.children.keys), Array(state.daemons.keys), state.cleanups.reversed().map(\.action))
            state.children.removeAll()
            state.daemons.removeAll()
            state.cleanups.removeAll()
            state.snapshotTaken = true
            return snapshot
        }
        ProcessTree.stop(pids: pids, groupLeaders: groups, graceSeconds: graceSeconds)
        for action in actions { action() }
    }
}

/// One spawn through the gate of `ProcessSupervisor`. Thread-safe; ends the spawn exactly once.
package final class SpawnTicket: Sendable {
    private let owner: ProcessSupervisor
    private let open = Mutex(true)

    fileprivate init(owner: ProcessSupervisor) { self.owner = owner }

    /// Registers the new process, and closes the spawn.
    package func adopt(_ pid: pid_t, name: String, daemon: Bool = false) { close(pid: pid, name: name, daemon: daemon) }

    /// Closes the spawn without a process (it failed). Harmless after `adopt`.
    package func finish() { close(pid: nil, name: "", daemon: false) }

    private func close(pid: pid_t?, name: String, daemon: Bool) {
        let first = open.withLock { open -> Bool in defer { open = false }; return open }
        if first { owner.endSpawn(pid: pid, name: name, daemon: daemon) }
    }
}

/// Stopping processes together with everything they spawned.
package enum ProcessTree {
    /// SIGTERM to every pid and every daemon's group at once, wait up to `graceSeconds` in all,
    /// then SIGKILL what is left (groups, and descendants that left the group, such as
    /// containerd's shims), and wait until they are gone.
    package static func stop(pids: [pid_t], groupLeaders: [pid_t], graceSeconds: Double) {
        // 0, -1 and 1 would signal our own group, every process, or init.
        let pids = pids.filter { $0 > 1 }, groupLeaders = groupLeaders.filter { $0 > 1 }
        let descendants = Set((pids + groupLeaders).flatMap { ProcessState.descendants(of: $0) })
        for pid in pids + groupLeaders + descendants.map(\.pid) { ProcessState.raisePriority(pid) }
        for pid in pids where ProcessState.isAlive(pid) { kill(pid, SIGTERM) }
        for pid in groupLeaders where ProcessState.isAlive(pid) { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(graceSeconds)
        while (pids + groupLeaders).contains(where: ProcessState.isAlive) && Date() < deadline { usleep(20_000) }
        for pid in groupLeaders { kill(-pid, SIGKILL) }
        for pid in pids where ProcessState.isAlive(pid) { kill(pid, SIGKILL) }
        for process in descendants where process.isSameProcessAlive { kill(process.pid, SIGKILL) }
        let reapDeadline = Date().addingTimeInterval(2)
        while Date() < reapDeadline,
              (pids + groupLeaders).contains(where: ProcessState.isAlive)
                || descendants.contains(where: \.isSameProcessAlive) {
            usleep(20_000)
        }
    }
}

/// SIGINT, SIGTERM and SIGHUP as a stop of a supervisor: dispatch signal sources (not signal handlers), so
/// the stop runs on an ordinary dispatch thread. Installed by the CLI's entry point for the commands that
/// start processes.
package enum SignalTrap {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// On a signal: `onSignal`, a note on stderr, then `supervisor.stop(signal:)`, which cancels the
    /// command's task and stops everything. The main task exits with 128 + N once the stop is done
    /// (`ProcessSupervisor.waitForStop`); should it not within `exitAfter` seconds (it ignored the
    /// cancellation), the process exits here with that code. Once per process: later calls do nothing
    /// (`run --confirm` predicts, then runs).
    package static func install(supervisor: ProcessSupervisor, exitAfter: Double = 30,
                                onSignal: @escaping @Sendable (Int32) -> Void = { _ in }) {
        guard sources.isEmpty else { return }
        let queue = DispatchQueue(label: "cachebench.signals")
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler {
                guard !supervisor.isStopping else { return }  // a second Ctrl-C changes nothing
                onSignal(sig)
                FileHandle.standardError.write(Data("\ncachebench: interrupted, stopping engines and removing temp dirs...\n".utf8))
                supervisor.stop(signal: sig)
                queue.asyncAfter(deadline: .now() + exitAfter) { exit(128 + sig) }
            }
            source.resume()
            sources.append(source)
        }
    }
}

/// A process identified by pid and start time, so that a reused pid is never signalled.
package struct ProcessIdentity: Hashable, Sendable {
    package let pid: pid_t
    package let startTime: UInt64

    /// Alive, not a zombie, and still the same process (same start time).
    package var isSameProcessAlive: Bool {
        ProcessState.isAlive(pid) && ProcessState.stat(pid)?.startTime == startTime
    }
}

/// Liveness checks that treat a zombie as dead.
package enum ProcessState {
    package static func isAlive(_ pid: pid_t) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 else { return false }
        guard let state = stat(pid)?.state else { return true }
        return state != "Z" && state != "X"
    }

    /// State, parent and start time from /proc/PID/stat.
    package static func stat(_ pid: pid_t) -> (state: Character, parent: pid_t, startTime: UInt64)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
        // utime stime cutime cstime priority nice threads itrealvalue starttime ...
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let parent = pid_t(fields[1]),
              let start = UInt64(fields[19]) else { return nil }
        return (state, parent, start)
    }

    /// Every live descendant of `pid`, found through /proc parent links.
    package static func descendants(of pid: pid_t) -> [ProcessIdentity] {
        guard pid > 1 else { return [] }  // 0 would be every process (no pid: a replayed daemon)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var children: [pid_t: [ProcessIdentity]] = [:]
        for entry in entries {
            guard let child = pid_t(entry), let info = stat(child) else { continue }
            children[info.parent, default: []].append(ProcessIdentity(pid: child, startTime: info.startTime))
        }
        var found: [ProcessIdentity] = []
        var queue = [pid]
        while let next = queue.popLast() {
            for child in children[next] ?? [] where !found.contains(child) {
                found.append(child)
                queue.append(child.pid)
            }
        }
        return found
    }

    /// Every thread of `pid` back to nice 0 (Linux's nice value is per thread). A process started at nice 19
    /// (a spare engine) gets almost no CPU on a busy machine, not even to die of a SIGKILL: raised first, it
    /// stops as promptly as the others.
    static func raisePriority(_ pid: pid_t) {
        guard pid > 0 else { return }
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        for thread in threads.compactMap(id_t.init) { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread, 0) }
    }

    /// Polls until `pid` is gone; returns false on timeout.
    @discardableResult
    package static func waitForExit(_ pid: pid_t, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while isAlive(pid) {
            if Date() > deadline { return false }
            usleep(50_000)
        }
        return true
    }
}
