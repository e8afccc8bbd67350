import GRDB

/// What kind of engine command a script line is; stored as its raw value in `phase.kind`.
package enum PhaseKind: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case pull, build, tag, push
    /// The CI system's cache (actions/cache, GitLab `cache:`) copied onto the fresh runner, and back after the build:
    /// `type=local`'s directory, carried along the chain. cachebench does these itself; a CI script leaves them to CI.
    case restore, save
}
