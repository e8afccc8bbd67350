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

    /// Internal, not fileprivate: only `SpawnTicket` (in its own file) calls it.
    func endSpawn(pid: pid_t?, name: String, daemon: Bool) {
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
