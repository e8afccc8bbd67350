import BuildEngine
import Foundation

/// One cell of the benchmark: a strategy's chain position for one iteration on one engine.
package struct PlannedBuild: Sendable, Equatable {
    var strategy: Strategy
    var scenario: Scenario
    var iteration: Int
    var chainPosition: Int
    /// The engine it runs on; nil: the engine provider's own (a plan made without engines).
    var engine: EngineSpec? = nil
}
