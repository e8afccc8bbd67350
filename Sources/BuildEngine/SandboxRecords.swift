import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The records of live and dead runs, one JSON file each in `CACHE/sandboxes` (0700).
package struct SandboxRecords: Sendable {
    package let directory: String

    package init(cacheDirectory: String) { directory = "\(cacheDirectory)/sandboxes" }

    func path(of record: SandboxRecord) -> String { "\(directory)/\(record.namespace).json" }

    /// Writes atomically (temp file, rename), so a reader never sees half a record.
    package func save(_ record: SandboxRecord) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let data = try JSONEncoder().encode(record)
        let target = path(of: record)
        let partial = "\(target).\(getpid()).partial"
        guard FileManager.default.createFile(atPath: partial, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw EngineError.cannotStart(command: "sandbox record", reason: "cannot write \(partial)")
        }
        guard rename(partial, target) == 0 else {
            unlink(partial)
            throw EngineError.cannotStart(command: "sandbox record", reason: "cannot rename into \(target)")
        }
    }

    package func remove(_ record: SandboxRecord) { unlink(path(of: record)) }

    package func all() -> [SandboxRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            FileManager.default.contents(atPath: "\(directory)/\(name)")
                .flatMap { try? JSONDecoder().decode(SandboxRecord.self, from: $0) }
        }
    }

    /// Cleans up after every run whose owner died: stops what runs in its namespace and its uplink,
    /// deletes the namespace, unmounts and removes its temp root and registry storage, drops the record.
    /// Returns the records it reclaimed, so that the caller can mark their runs `interrupted`.
    @discardableResult
    package func reclaimOrphans() -> [SandboxRecord] {
        var reclaimed: [SandboxRecord] = []
        for record in all() where !record.ownerAlive {
            Self.reclaim(record)
            remove(record)
            reclaimed.append(record)
        }
        return reclaimed
    }

    /// Synchronous clean-up of one record's leftovers; also what the signal handler runs.
    static func reclaim(_ record: SandboxRecord) {
        if let pid = record.uplinkPid, let start = record.uplinkStartTime {
            let uplink = ProcessIdentity(pid: pid, startTime: start)
            if uplink.isSameProcessAlive { kill(pid, SIGKILL) }
        }
        RunNetwork.delete(NetworkNamespace(name: record.namespace))
        TempDirectory.remove(record.tempRoot)
        if let storage = record.registryStorage { try? FileManager.default.removeItem(atPath: storage) }
    }
}
