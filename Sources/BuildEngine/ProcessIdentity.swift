import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A process identified by pid and start time, so that a reused pid is never signalled.
package struct ProcessIdentity: Hashable, Sendable {
    package let pid: pid_t
    package let startTime: UInt64

    /// Alive, not a zombie, and still the same process (same start time).
    package var isSameProcessAlive: Bool {
        ProcessState.isAlive(pid) && ProcessState.stat(pid)?.startTime == startTime
    }
}
