import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a run puts on the machine, written before it creates any of it, so that the next command
/// can clean up after a run that was killed outright (SIGKILL, OOM): its namespace and everything
/// running inside it, its uplink, its temp root (engines, mounts), its registry storage.
package struct SandboxRecord: Codable, Sendable, Equatable {
    package var ownerPid: Int32
    package var ownerStartTime: UInt64
    package var namespace: String
    /// Every engine dir of the run lives below it.
    package var tempRoot: String
    /// slirp4netns runs in the host's namespace, so it is recorded by pid (and start time).
    package var uplinkPid: Int32?
    var uplinkStartTime: UInt64?
    /// Removed with the run unless the user kept it.
    package var registryStorage: String?
    /// The run to mark `interrupted`, once known.
    package var database: String?
    package var runId: Int64?

    package init(namespace: String, tempRoot: String, registryStorage: String?) {
        ownerPid = getpid()
        ownerStartTime = ProcessState.stat(getpid())?.startTime ?? 0
        self.namespace = namespace
        self.tempRoot = tempRoot
        self.registryStorage = registryStorage
    }

    /// True while the process that wrote the record still runs.
    package var ownerAlive: Bool { ProcessIdentity(pid: ownerPid, startTime: ownerStartTime).isSameProcessAlive }
}
