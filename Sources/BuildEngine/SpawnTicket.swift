import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One spawn through the gate of `ProcessSupervisor`. Thread-safe; ends the spawn exactly once.
package final class SpawnTicket: Sendable {
    private let owner: ProcessSupervisor
    private let open = Mutex(true)

    /// Internal, not fileprivate: only `ProcessSupervisor.beginSpawn` makes one.
    init(owner: ProcessSupervisor) { self.owner = owner }

    /// Registers the new process, and closes the spawn.
    package func adopt(_ pid: pid_t, name: String, daemon: Bool = false) { close(pid: pid, name: name, daemon: daemon) }

    /// Closes the spawn without a process (it failed). Harmless after `adopt`.
    package func finish() { close(pid: nil, name: "", daemon: false) }

    private func close(pid: pid_t?, name: String, daemon: Bool) {
        let first = open.withLock { open -> Bool in defer { open = false }; return open }
        if first { owner.endSpawn(pid: pid, name: name, daemon: daemon) }
    }
}
