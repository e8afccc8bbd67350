import Foundation

/// A stored script that cannot be read back.
package enum StoredScriptError: LocalizedError, Equatable {
    case undecodable(buildId: Int64?, reason: String)

    package var errorDescription: String? {
        switch self {
        case .undecodable(let id, let reason):
            return "the stored script of build \(id.map(String.init) ?? "?") does not decode (\(reason)); "
                + "the database was changed outside cachebench: set build.script to NULL for that row to re-render it"
        }
    }
}
