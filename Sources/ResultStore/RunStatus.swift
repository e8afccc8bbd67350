import GRDB

/// Where a run stands; stored as its raw value in `run.status`.
package enum RunStatus: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// In progress (or its process was killed; the next sandbox start marks it `interrupted`).
    case running
    /// Every build ran and none failed.
    case completed
    /// Every build ran and at least one failed.
    case failed
    /// Stopped by Ctrl-C or a killed process; `run --resume` finishes it.
    case interrupted
    /// A one-build run made by `cachebench ingest` from a CI log.
    case ingested
}
