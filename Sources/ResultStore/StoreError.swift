import Foundation

package enum StoreError: Error, LocalizedError, Equatable {
    case cannotOpen(path: String, reason: String)
    case newerSchema(path: String)
    case noRuns(path: String)
    case noSuchRun(id: Int64, path: String)
    case corrupt(path: String)
    case readOnly(path: String)
    case busy(path: String)
    case diskFull(path: String)
    case writeFailed(path: String, reason: String)
    case notAnUnsavedBuild(file: String)
    /// A build could be neither inserted nor kept as JSON.
    case buildLost(path: String, reason: String, keepError: String)
    /// A stored row holds a value this cachebench cannot read (an unknown status, JSON that does not decode).
    case unreadableRow(path: String, table: String, id: Int64?, reason: String)

    package var errorDescription: String? {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open the results database \(path): \(reason). Check the path and its permissions, or pass --db FILE."
        case .newerSchema(let path):
            return "\(path) was written by a newer cachebench: upgrade cachebench, or pass --db with another file."
        case .noRuns(let path):
            return "no runs in \(path) yet: run `cachebench run DIR` first, or pass --db FILE."
        case .noSuchRun(let id, let path):
            return "no run \(id) in \(path): `cachebench history` lists the runs."
        case .corrupt(let path):
            return "\(path) is not a cachebench database or is damaged: move it aside (or restore a backup), or pass --db with another file."
        case .readOnly(let path):
            return "\(path) is read-only: make it writable (chmod u+w '\(path)'), or pass --db with another file."
        case .busy(let path):
            return "\(path) stayed locked by another process for \(Int(ResultStore.busyTimeout)) s: wait for it to finish and retry, or pass --db with another file."
        case .diskFull(let path):
            return "the disk holding \(path) is full: free some space and retry, or pass --db with a file on another disk."
        case .writeFailed(let path, let reason):
            return "could not write to \(path): \(reason). Check the disk and the file, and retry."
        case .notAnUnsavedBuild(let file):
            return "\(file) is not a build that cachebench kept: pass a JSON file from the unsaved-builds directory next to the database."
        case .buildLost(let path, let reason, let keepError):
            return "a build could not be stored in \(path) (\(reason)) nor kept as JSON (\(keepError)): free some space and run again."
        case .unreadableRow(let path, let table, let id, let reason):
            return "\(path): row \(id.map(String.init) ?? "?") of table \(table) cannot be read (\(reason)): "
                + "upgrade cachebench if a newer one wrote it, or pass --db with another file."
        }
    }
}
