import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The package cache kept across runs in `CACHE/package-cache/store`. No squid ever writes to it:
/// each run copies it into its own squid directory (under the lock), and at a clean end copies its
/// store back beside it and swaps it in with a rename (under the lock). Concurrent runs therefore
/// never corrupt it; the last to finish wins, and what only the other fetched is fetched again later.
package struct PackageCacheStore: Sendable {
    /// `CACHE/package-cache`.
    package let directory: String

    package init(cacheDirectory: String) { directory = "\(cacheDirectory)/package-cache" }

    package init(directory: String) { self.directory = directory }

    package var store: String { "\(directory)/store" }
    var lockPath: String { "\(directory)/lock" }

    /// True once a run has saved a store.
    package var isFilled: Bool { FileManager.default.fileExists(atPath: "\(store)/swap.state") }

    /// Copies the shared store to `target` (which must not exist); leaves `target` absent when there is none yet.
    package func checkOut(to target: String, runner: any ProcessRunner) async throws {
        try makeDirectory()
        let lock = try await FileLock.acquire(lockPath)
        defer { withExtendedLifetime(lock) {} }
        removeAbandoned()
        guard FileManager.default.fileExists(atPath: store) else { return }
        try await runner.runChecked(Command("cp", ["-a", "--reflink=auto", store, target]),
                                    what: "copying the package cache", hint: "Check free space in \(directory).")
    }

    /// Copies `source` (a run's store, squid stopped) beside the shared store, then swaps it in.
    package func checkIn(from source: String, runner: any ProcessRunner) async throws {
        try makeDirectory()
        let incoming = try TempDirectory.make(prefix: "incoming-\(ownerPrefix)", in: directory)
        defer { try? FileManager.default.removeItem(atPath: incoming) }
        try await runner.runChecked(Command("cp", ["-a", "--reflink=auto", source, "\(incoming)/store"]),
                                    what: "saving the package cache", hint: "Check free space in \(directory).")
        let retired = "\(incoming)/retired"
        let lock = try await FileLock.acquire(lockPath)
        defer { withExtendedLifetime(lock) {} }
        if FileManager.default.fileExists(atPath: store) { try FileManager.default.moveItem(atPath: store, toPath: retired) }
        try FileManager.default.moveItem(atPath: "\(incoming)/store", toPath: store)
    }

    /// `PID-`: whose copy an `incoming-*` directory is, so that a later run can tell an abandoned one.
    var ownerPrefix: String { "\(getpid())-" }

    /// Removes the `incoming-PID-*` copies of runs that were killed while saving (their PID is gone), and
    /// unnamed ones from older versions after a day. Called under the lock; a live run's copy is never touched.
    func removeAbandoned(now: Date = Date()) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for entry in entries where entry.hasPrefix("incoming-") {
            let path = "\(directory)/\(entry)"
            if Self.isAbandoned(entry, modified: Self.modified(path), now: now) { TempDirectory.remove(path) }
        }
    }

    /// True for `incoming-PID-…` whose PID is not alive, and for a name without a PID last changed a day ago.
    static func isAbandoned(_ name: String, modified: Date?, now: Date,
                            isAlive: (pid_t) -> Bool = ProcessState.isAlive) -> Bool {
        let rest = name.dropFirst("incoming-".count)
        if let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]) { return !isAlive(pid) }
        guard let modified else { return false }
        return now.timeIntervalSince(modified) > 86_400
    }

    static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    private func makeDirectory() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }
}
