import BuildEngine
import Foundation

/// Why a run cannot be resumed.
enum ResumeError: Error, LocalizedError, Equatable {
    case noRun(id: Int64, database: String)
    case notInterrupted(id: Int64, status: String)
    case nothingLeft(id: Int64)

    var errorDescription: String? {
        switch self {
        case .noRun(let id, let database):
            return "no run \(id) in \(database): `cachebench history --db \(database)` lists the stored runs."
        case .notInterrupted(let id, let status):
            return "run \(id) is \(status), not interrupted: only an interrupted run can be resumed (start a new one with `cachebench run`)."
        case .nothingLeft(let id):
            return "run \(id) has every chain finished: nothing to resume."
        }
    }
}
