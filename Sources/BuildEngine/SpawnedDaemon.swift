import Foundation
import Subprocess
import Synchronization
#if canImport(System)
import System
#else
import SystemPackage
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A daemon spawned by `SubprocessRunner`: the leader of its own process group.
struct SpawnedDaemon: DaemonControl {
    /// What the spawning task and the stopping caller share.
    final class State: Sendable {
        private let values = Mutex<(stopRequested: Bool, exitCode: Int32?)>((false, nil))
        var stopRequested: Bool {
            get { values.withLock { $0.stopRequested } }
            set { values.withLock { $0.stopRequested = newValue } }
        }
        var exitCode: Int32? {
            get { values.withLock { $0.exitCode } }
            set { values.withLock { $0.exitCode = newValue } }
        }
    }

    let pid: pid_t
    let state: State
    /// Holds the execution open; ends once the process is gone.
    let task: Task<Void, Never>
    let supervisor: ProcessSupervisor

    var isRunning: Bool { ProcessState.isAlive(pid) }
    var exitCode: Int32? { state.exitCode }

    /// SIGTERM, wait up to `timeout`, then SIGKILL the process group and every descendant that left it
    /// (containerd's shims), and wait until they are gone.
    func stop(timeout: Double) async {
        state.stopRequested = true
        let pid = self.pid
        await Task.detached { ProcessTree.stop(pids: [], groupLeaders: [pid], graceSeconds: timeout) }.value
        await task.value
        supervisor.remove(pid)
    }
}
