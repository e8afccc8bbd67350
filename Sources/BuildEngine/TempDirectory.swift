import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Temp dirs that may hold mounts (overlay layers, netns): unmount below, then delete.
package enum TempDirectory {
    /// A new 0700 directory under `parent`, else under `$TMPDIR` or /tmp.
    package static func make(prefix: String, in parent: String? = nil) throws -> String {
        let base = parent ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/\(prefix)XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw EngineError.cannotStart(command: "mkdtemp", reason: String(cString: strerror(errno)))
        }
        return String(cString: made)
    }

    /// This process's mount table (/proc/self/mountinfo), read to its end. `String(contentsOfFile:)` reads a /proc
    /// file once and gets about a page: on a machine with many mounts, the ones listed last were missed.
    package static func mountTable() -> String {
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/mountinfo") else { return "" }
        defer { try? handle.close() }
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }

    /// Mount points at or below `path`, deepest first.
    package static func mounts(under path: String) -> [String] {
        let table = mountTable()
        let prefix = path.hasSuffix("/") ? path : path + "/"
        return table.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            guard fields.count > 4 else { return nil }
            let point = String(fields[4]).replacingOccurrences(of: "\\040", with: " ")
            return point == path || point.hasPrefix(prefix) ? point : nil
        }.sorted { $0.count > $1.count }
    }

    package static func remove(_ path: String) {
        for point in mounts(under: path) { umount2(point, Int32(MNT_DETACH)) }
        deleteTree(path)
    }

    /// Runs `work` detached; `waitForBackgroundRemovals` waits for every such job.
    package static func background(_ work: @escaping @Sendable () async -> Void) {
        removals.enter()
        Task.detached(priority: .utility) {
            await work()
            removals.leave()
        }
    }

    /// Waits (bounded) until every background teardown has finished.
    static func waitForBackgroundRemovals(timeout: Double = 120) {
        _ = removals.wait(timeout: .now() + timeout)
    }

    private static let removals = DispatchGroup()

    /// `rm -rf --one-file-system`: far faster than FileManager on large trees, and it never descends into a
    /// mount that failed to detach (a host path bind-mounted below would otherwise be deleted).
    static func deleteTree(_ path: String) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let rm = Process()
        rm.executableURL = URL(fileURLWithPath: "/bin/rm")
        rm.arguments = ["-rf", "--one-file-system", "--", path]
        rm.standardError = FileHandle.nullDevice
        if (try? rm.run()) != nil { rm.waitUntilExit() } else { try? FileManager.default.removeItem(atPath: path) }
    }
}
