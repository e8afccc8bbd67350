/// What became of a build that `insertBuildOrKeep` was given.
package enum BuildInsertOutcome: Sendable, Equatable {
    case stored(buildId: Int64)
    /// The insert failed (disk full, busy past the timeout, ...) and was rolled back; the build is in `file`.
    case kept(file: String, reason: String)
}
