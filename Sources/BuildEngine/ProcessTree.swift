import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

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
