import Foundation

/// Why a log file could not be parsed. Parsing itself never fails; only opening and reading can.
public enum LogFileError: LocalizedError, Equatable, Sendable {
    case notFound(path: String)
    case isDirectory(path: String)
    case unreadable(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .notFound(let path):
            return "no file at '\(path)'; pass the path of an existing log file"
        case .isDirectory(let path):
            return "'\(path)' is a directory; pass the path of a log file inside it"
        case .unreadable(let path, let reason):
            return "cannot read '\(path)' (\(reason)); check its permissions or pass another file"
        }
    }
}
