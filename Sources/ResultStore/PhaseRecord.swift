import Foundation
import GRDB

/// One engine command of a build (pull, build, tag, push, ...), with its raw output.
package struct PhaseRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "phase"
    package var id: Int64?
    package var buildId: Int64
    package var ordinal: Int
    package var kind: PhaseKind
    /// The exact argv run (a JSON array in the column).
    package var argv: [String]
    /// Environment variables set for the command (a JSON object in the column).
    package var environment: [String: String]
    package var wallSeconds: Double
    package var exitCode: Int
    /// stdout and stderr lines in arrival order, as printed.
    package var output: String
    /// Seconds since the command started, one per output line (re-parsing needs them; a JSON array in the column).
    package var lineTimes: [Double]

    package init(id: Int64? = nil, buildId: Int64 = 0, ordinal: Int, kind: PhaseKind, argv: [String],
                 environment: [String: String] = [:], wallSeconds: Double, exitCode: Int, output: String,
                 lineTimes: [Double] = []) {
        self.id = id; self.buildId = buildId; self.ordinal = ordinal; self.kind = kind; self.argv = argv
        self.environment = environment; self.wallSeconds = wallSeconds; self.exitCode = exitCode
        self.output = output; self.lineTimes = lineTimes
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    package static func databaseJSONEncoder(for column: String) -> JSONEncoder { StoredJSON.encoder() }
}
