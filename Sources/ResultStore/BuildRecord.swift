import Foundation
import GRDB

/// One CI-run simulation: a strategy's script run once for a scenario, on a fresh engine.
package struct BuildRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "build"
    package var id: Int64?
    package var runId: Int64
    package var strategy: String
    package var scenario: String
    package var iteration: Int
    /// Position in the strategy's chain (0 = cold).
    package var chainPosition: Int
    package var status: BuildStatus
    /// Wall time of the strategy's commands, engine start-up excluded.
    package var wallSeconds: Double
    package var engineStartupSeconds: Double
    package var error: String?
    package var startedAt: Date
    /// The engine the build ran on, as `--engine` names it (`docker-26.1`); nil for runs before engines were a choice.
    package var engine: String?
    /// The builder the strategy ran on that engine (`legacy`, `buildkit`, `buildx`, `buildah`); nil for builds
    /// stored before it was recorded.
    package var builder: Builder?
    /// JSON (`BuildScript`): the script the run rendered from the strategy's data, as a user pastes it, and each
    /// phase's command. nil for builds stored before runs kept it; the reports re-render those from the strategy.
    package var script: String?

    package init(id: Int64? = nil, runId: Int64, strategy: String, scenario: String, iteration: Int, chainPosition: Int,
                 status: BuildStatus, wallSeconds: Double, engineStartupSeconds: Double = 0, error: String? = nil,
                 startedAt: Date = Date(), engine: String? = nil, builder: Builder? = nil, script: String? = nil) {
        self.id = id; self.runId = runId; self.strategy = strategy; self.scenario = scenario; self.iteration = iteration
        self.chainPosition = chainPosition; self.status = status; self.wallSeconds = wallSeconds
        self.engineStartupSeconds = engineStartupSeconds; self.error = error; self.startedAt = startedAt
        self.engine = engine; self.builder = builder; self.script = script
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
