import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ResultStore {
    /// Opens an existing database for reading only: the file is never modified (no migration, no journal
    /// mode change). A database from an older cachebench is copied into memory and migrated there.
    package static func openExisting(path: String) throws -> ResultStore {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.noRuns(path: path) }
        do {
            try checkHeader(path)
            let file = try readOnlyQueue(path)
            let (superseded, complete) = try file.read { db in
                (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
            }
            if superseded { throw StoreError.newerSchema(path: path) }
            if complete { return ResultStore(path: path, queue: file) }
            let memory = try DatabaseQueue()
            try file.backup(to: memory)
            try migrator.migrate(memory)
            return ResultStore(path: path, queue: memory)
        } catch {
            throw storeError(error, path: path)
        }
    }

    /// Checks, creating and changing nothing, that `init(path:)` can write an existing database (not corrupt,
    /// not read-only, not from a newer cachebench), so that `run` can refuse before it starts any engine.
    package static func checkWritable(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try checkHeader(path)
            try checkOwnerWritable(path)
            if try readOnlyQueue(path).read({ try migrator.hasBeenSuperseded($0) }) { throw StoreError.newerSchema(path: path) }
        } catch {
            throw storeError(error, path: path)
        }
    }

    static func readOnlyQueue(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        return try DatabaseQueue(path: path, configuration: config)
    }

    /// A file without any write bit was made read-only on purpose: refused even for root, who could write it.
    static func checkOwnerWritable(_ path: String) throws {
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? 0o600
        if mode & 0o222 == 0 || access(path, W_OK) != 0 { throw StoreError.readOnly(path: path) }
    }

    /// Creates the parent directories (0700) and the file (0600) when missing; refuses a file that is not
    /// a SQLite database or that its owner made read-only (root could write it anyway).
    static func prepareWritableFile(_ path: String) throws {
        let fm = FileManager.default
        try createPrivateDirectories(URL(fileURLWithPath: path).deletingLastPathComponent())
        if fm.fileExists(atPath: path) {
            try checkHeader(path)
            try checkOwnerWritable(path)
            return
        }
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return }
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        close(fd)
    }

    /// `mkdir -p` whose new directories are 0700: the database holds the project's build commands.
    /// (URL, not NSString: Foundation's `deletingLastPathComponent` traps on a one-letter relative path such as `d`.)
    static func createPrivateDirectories(_ directory: URL) throws {
        var missing: [URL] = []
        var url = directory.standardizedFileURL
        while !FileManager.default.fileExists(atPath: url.path), url.pathComponents.count > 1 {
            missing.append(url)
            url = url.deletingLastPathComponent()
        }
        for url in missing.reversed() {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
        }
    }

    /// A non-empty file that does not start with SQLite's magic string is not a database (SQLite itself
    /// would only say so at the first query, after a writer had set its journal mode).
    static func checkHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        if !head.isEmpty, head != Data("SQLite format 3\0".utf8) { throw StoreError.corrupt(path: path) }
    }

    /// The one-line error for anything that went wrong opening or writing the file.
    static func storeError(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return .cannotOpen(path: path, reason: oneLine(error))
        }
        switch error.resultCode.primaryResultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .corrupt(path: path)
        case .SQLITE_READONLY: return .readOnly(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path)
        case .SQLITE_FULL: return .diskFull(path: path)
        default: return .cannotOpen(path: path, reason: oneLine(error))
        }
    }

    /// SQLite's own message without the statement GRDB appends, on one line.
    static func oneLine(_ error: any Error) -> String {
        let text = (error as? DatabaseError)?.message ?? (error as? LocalizedError)?.errorDescription ?? "\(error)"
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
