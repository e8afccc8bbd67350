import GRDB

/// How one build ended; stored as its raw value in `build.status`.
package enum BuildStatus: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Every command of the script succeeded (a pull allowed to fail may have failed).
    case ok
    /// A command, the scenario's edit or the engine failed; `error` says which.
    case failed
    /// The strategy cannot run here (no buildah, no buildx, ...); `error` says why.
    case unavailable
}
