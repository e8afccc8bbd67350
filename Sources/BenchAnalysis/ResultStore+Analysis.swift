import Foundation
import ResultStore

/// Analysis over a stored run that the runner and the tests ask the store for.
extension ResultStore {
    /// Every model error of a run, oldest build first. Integration tests assert this is empty.
    package func modelErrors(runId: Int64) throws -> [ModelError] {
        try builds(runId: runId).flatMap { detail in detail.modelErrors.map { ModelError(build: detail.build, step: $0) } }
    }

    /// Re-derives the content states of a run's steps from its stored builds (see `ContentResolution`) and stores them.
    package func resolveContentDependence(runId: Int64) throws {
        try setIdealStates(ContentResolution.resolve(try builds(runId: runId)))
    }
}
