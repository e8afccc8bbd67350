import BuildEngine
import Foundation
import ResultStore

/// The headline figures of one finished build.
package struct BuildSummary: Sendable, Equatable {
    var status: BuildStatus
    var wallSeconds: Double
    var cachedSteps: Int
    var totalSteps: Int
    /// Steps a perfect cache would have served but the strategy rebuilt, and their seconds.
    var missedSteps: Int = 0
    var missedSeconds: Double = 0
    var error: String?
}
