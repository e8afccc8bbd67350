import Foundation

/// One strategy × scenario cell of a run, over its iterations.
package struct CellSummary: Sendable, Equatable {
    package var strategy: String
    package var scenario: String
    /// Wall seconds of the successful builds.
    package var wall: SampleStatistics?
    /// Mean cached steps over the successful builds (`wall.count` of them) and the total steps of the first one.
    package var cachedSteps: Double
    package var totalSteps: Int
    /// Mean steps rebuilt although a perfect cache would have served them, and the mean of their build-step
    /// seconds (the steps' own durations: pulls and pushes are not included).
    package var missedSteps: Double
    package var missedSeconds: Double
    package var builds: Int
    package var failed: Int
    package var unavailable: Int
    /// The error text of the first failed or unavailable build.
    package var firstError: String?
}
