import Foundation
import GRDB

/// One Dockerfile step as the engine reported it within a build phase.
package struct StepRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "step"
    package var id: Int64?
    package var buildId: Int64
    package var phaseId: Int64
    package var ordinal: Int
    package var stage: String?
    package var stepIndex: Int?
    package var stepOf: Int?
    package var instruction: String
    package var cached: Bool
    package var seconds: Double?
    package var error: String?
    /// Whether a perfect cache would have served this step after the scenario's change (the Dockerfile
    /// model's change impact); nil for a cold build or when it could not be computed.
    package var ideallyCached: Bool?
    /// The model's state for this step (see `IdealState`); nil for a cold build and rows written before it existed.
    package var idealState: IdealState?
    /// The instruction's first line in the Dockerfile: with the Dockerfile, the step's identity across builders.
    package var dockerfileLine: Int?
    /// For a step that depends on copied content: the lines of the `COPY --from` / `RUN --mount=from` steps
    /// whose content decides it, comma-separated.
    package var contentRoots: String?
    /// Why the strategy did not serve this step from cache, for a step a perfect cache would (or might) have served.
    package var missCause: String?

    package init(id: Int64? = nil, buildId: Int64 = 0, phaseId: Int64 = 0, ordinal: Int, stage: String?, stepIndex: Int?,
                 stepOf: Int?, instruction: String, cached: Bool, seconds: Double?, error: String? = nil,
                 ideallyCached: Bool? = nil) {
        self.id = id; self.buildId = buildId; self.phaseId = phaseId; self.ordinal = ordinal; self.stage = stage
        self.stepIndex = stepIndex; self.stepOf = stepOf; self.instruction = instruction; self.cached = cached
        self.seconds = seconds; self.error = error; self.ideallyCached = ideallyCached
    }

    /// Served from cache although the model says it must rebuild: the model is wrong (the engine is the ground truth).
    package var modelError: Bool { cached && ideallyCached == false }

    /// Rebuilt although a perfect cache would have served it.
    package var missed: Bool { ideallyCached == true && !cached }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
