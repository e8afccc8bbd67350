import BenchAnalysis
import BuildEngine
import BuildLogParsing
import Foundation
import ResultStore

/// How a finished run went.
package struct RunOutcome: Sendable, Equatable {
    package var runId: Int64
    package var failedBuilds: Int
    package var unavailableBuilds: Int
    /// Builds that could not be inserted; each is kept as JSON in `ResultStore.unsavedDirectory`.
    package var unsavedBuilds: Int = 0
}
