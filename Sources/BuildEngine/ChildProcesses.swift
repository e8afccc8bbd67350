import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Every process cachebench started, and the clean-up actions that undo what it created
/// (daemons, temp dirs, mounts). The Ctrl-C handler runs them all synchronously before exiting.
public final class ChildProcesses: @unchecked Sendable {
    public static let shared = ChildProcesses()

    private let lock = NSLock()
    private var children: [pid_t: String] = [:]
    private var cleanups: [(id: UUID, action: @Sendable () -> Void)] = []
    private var stopping = false

    /// True once `emergencyStop()` began: nothing new may be started after that.
    public var isStopping: Bool { lock.withLock { stopping } }

    func add(_ pid: pid_t, name: String) { lock.withLock { children[pid] = name } }
    func remove(_ pid: pid_t) { lock.withLock { _ = children.removeValue(forKey: pid) } }

    /// Pids of running children, for `engine status` and tests.
    public var running: [pid_t: String] { lock.withLock { children } }

    /// Registers a synchronous clean-up; returns a token to deregister it once done normally.
    public func registerCleanup(_ action: @escaping @Sendable () -> Void) -> UUID {
        let id = UUID()
        lock.withLock { cleanups.append((id, action)) }
        return id
    }

    public func deregisterCleanup(_ id: UUID) {
        lock.withLock { cleanups.removeAll { $0.id == id } }
    }

    /// Stops every tracked child and runs every registered clean-up, newest first.
    public func emergencyStop() {
        let (pids, actions) = lock.withLock { () -> ([pid_t], [@Sendable () -> Void]) in
            stopping = true
            let snapshot = (Array(children.keys), cleanups.reversed().map(\.action))
            children.removeAll()
            cleanups.removeAll()
            return snapshot
        }
        for pid in pids { kill(pid, SIGTERM) }
        for pid in pids { ProcessState.waitForExit(pid, timeout: 5) }
        for pid in pids where ProcessState.isAlive(pid) { kill(pid, SIGKILL) }
        for action in actions { action() }
    }
}

/// Installs SIGINT/SIGTERM handlers that stop everything cachebench started, then exit 130/143.
public enum SignalTrap {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    public static func install(onSignal: @escaping @Sendable (Int32) -> Void = { _ in }) {
        let queue = DispatchQueue(label: "cachebench.signals")
        for sig in [SIGINT, SIGTERM] {
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

/// Liveness checks that treat a zombie as dead.
public enum ProcessState {
    public static func isAlive(_ pid: pid_t) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// Polls until `pid` is gone; returns false on timeout.
    @discardableResult
    public static func waitForExit(_ pid: pid_t, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while isAlive(pid) {
            if Date() > deadline { return false }
            usleep(50_000)
        }
        return true
    }
}
