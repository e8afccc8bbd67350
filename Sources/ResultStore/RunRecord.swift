import Foundation
import GRDB

/// One `cachebench run`: when, what project, which engines, which options.
package struct RunRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "run"
    package var id: Int64?
    package var startedAt: Date
    package var finishedAt: Date?
    /// `running` while in progress, then `completed`, `failed` (a build failed) or `interrupted`; `ingested` for a CI log.
    package var status: RunStatus
    /// Absolute path of the project directory.
    package var project: String
    /// The Dockerfile as benchmarked.
    package var dockerfile: String
    /// Client/daemon/registry/buildah versions (a JSON object in the column).
    package var engineVersions: [String: String]
    /// The options the run was started with (a JSON object in the column).
    package var options: [String: String]
    package var host: String

    package init(id: Int64? = nil, startedAt: Date = Date(), finishedAt: Date? = nil, status: RunStatus = .running,
                 project: String, dockerfile: String, engineVersions: [String: String], options: [String: String],
                 host: String = ProcessInfo.processInfo.hostName) {
        self.id = id; self.startedAt = startedAt; self.finishedAt = finishedAt; self.status = status
        self.project = project; self.dockerfile = dockerfile; self.engineVersions = engineVersions
        self.options = options; self.host = host
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    package static func databaseJSONEncoder(for column: String) -> JSONEncoder { StoredJSON.encoder() }
}
