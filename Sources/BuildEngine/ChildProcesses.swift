import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Every process cachebench started, and the clean-up actions that undo what it created
/// (daemons, temp dirs, mounts). The signal handler runs them all synchronously before exiting.
///
/// Spawning goes through a gate (`beginSpawn`, `SpawnTicket.adopt`): a process is registered
/// before its spawn counts as finished, and `emergencyStop` waits for spawns in flight, so no
/// process can start after the snapshot and outlive the stop (nor re-create a removed directory).
package final class ChildProcesses: @unchecked Sendable {
    package static let shared = ChildProcesses()

    private let lock = NSLock()
    private var children: [pid_t: String] = [:]
    /// Process-group leaders (daemons): their whole group, and what they spawned, is stopped.
    private var daemons: [pid_t: String] = [:]
    private var cleanups: [(id: UUID, action: @Sendable () -> Void)] = []
    private var stopping = false
    private var spawning = 0
    private let finished = DispatchGroup()
    private var finishing = false

    package init() {}

    /// True once `emergencyStop()` began: nothing new may be started after that.
    package var isStopping: Bool { lock.withLock { stopping } }

    /// Blocks until a stop that began has run every clean-up (bounded): the main task, whose work
    /// failed because of the stop, must not exit the process while the stop is still removing things.
    package func waitForStop(timeout: Double = 30) {
        guard isStopping else { return }
        _ = finished.wait(timeout: .now() + timeout)
    }

    /// Opens a spawn: throws `CancellationError` once stopping. The ticket must be adopted with
    /// the new pid, or finished if the spawn failed.
    package func beginSpawn() throws -> SpawnTicket {
        try lock.withLock {
            if stopping { throw CancellationError() }
            spawning += 1
        }
        return SpawnTicket(owner: self)
    }

    fileprivate func endSpawn(pid: pid_t?, name: String, daemon: Bool) {
        lock.withLock {
            spawning -= 1
            guard let pid else { return }
            if daemon { daemons[pid] = name } else { children[pid] = name }
        }
    }

    func remove(_ pid: pid_t) {
        lock.withLock {
            _ = children.removeValue(forKey: pid)
            _ = daemons.removeValue(forKey: pid)
        }
    }

    /// Pids of running children and daemons, for `engine status` and tests.
    package var running: [pid_t: String] { lock.withLock { children.merging(daemons) { a, _ in a } } }

    /// Registers a synchronous clean-up; returns a token to deregister it once done normally.
    package func registerCleanup(_ action: @escaping @Sendable () -> Void) -> UUID {
        let id = UUID()
        lock.withLock { cleanups.append((id, action)) }
        return id
    }

    package func deregisterCleanup(_ id: UUID) {
        lock.withLock { cleanups.removeAll { $0.id == id } }
    }

    /// Stops every tracked process, all at once, then runs every registered clean-up, newest first.
    /// Processes are stopped and reaped before any directory is removed. Bounded by about 5 s.
    package func emergencyStop(graceSeconds: Double = 3) {
        let first = lock.withLock { () -> Bool in
            stopping = true
            if finishing { return false }
            finishing = true
            finished.enter()  // under the lock: whoever sees `stopping` also sees the stop as unfinished
            return true
        }
        defer { if first { finished.leave() } }
        // A spawn in flight registers its pid within moments; wait for it (bounded).
        let spawnDeadline = Date().addingTimeInterval(2)
        while lock.withLock({ spawning > 0 }) && Date() < spawnDeadline { usleep(5_000) }
        let (pids, groups, actions) = lock.withLock { () -> ([pid_t], [pid_t], [@Sendable () -> Void]) in
            let snapshot = (Array(children.keys), Array(daemons.keys), cleanups.reversed().map(\.action))
            children.removeAll()
            daemons.removeAll()
            cleanups.removeAll()
            return snapshot
        }
        ProcessTree.stop(pids: pids, groupLeaders: groups, graceSeconds: graceSeconds)
        for action in actions { action() }
    }
}

/// One spawn through the gate of `ChildProcesses`. Thread-safe; ends the spawn exactly once.
package final class SpawnTicket: @unchecked Sendable {
    private let owner: ChildProcesses
    private let lock = NSLock()
    private var open = true

    fileprivate init(owner: ChildProcesses) { self.owner = owner }

    /// Registers the new process, and closes the spawn.
    package func adopt(_ pid: pid_t, name: String, daemon: Bool = false) { close(pid: pid, name: name, daemon: daemon) }

    /// Closes the spawn without a process (it failed). Harmless after `adopt`.
    package func finish() { close(pid: nil, name: "", daemon: false) }

    private func close(pid: pid_t?, name: String, daemon: Bool) {
        let first = lock.withLock { () -> Bool in defer { open = false }; return open }
        if first { owner.endSpawn(pid: pid, name: name, daemon: daemon) }
    }
}

/// Stopping processes together with everything they spawned.
package enum ProcessTree {
    /// SIGTERM to every pid and every daemon's group at once, wait up to `graceSeconds` in all,
    /// then SIGKILL what is left (groups, and descendants that left the group, such as
    /// containerd's shims), and wait until they are gone.
    package static func stop(pids: [pid_t], groupLeaders: [pid_t], graceSeconds: Double) {
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

/// Installs SIGINT/SIGTERM/SIGHUP handlers that stop everything cachebench started, then exit 128+N.
package enum SignalTrap {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    package static func install(onSignal: @escaping @Sendable (Int32) -> Void = { _ in }) {
        let queue = DispatchQueue(label: "cachebench.signals")
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler {
                onSignal(sig)
                FileHandle.standardError.write(Data("\ncachebench: interrupted, stopping engines and removing temp dirs...\n".utf8))
                ChildProcesses.shared.emergencyStop()
                exit(128 + sig)
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
