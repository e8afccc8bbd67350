import BuildEngine
import Foundation
import ResultStore

/// What the runner reports while it works. The CLI prints these; tests collect them.
package enum RunEvent: Sendable {
    case note(String)
    case buildStarted(index: Int, total: Int, build: PlannedBuild)
    case phaseStarted(kind: PhaseKind, commandLine: String)
    /// A step line seen in the live output (for a live status line).
    case activity(String)
    case phaseFinished(kind: PhaseKind, seconds: Double, exitCode: Int32)
    case buildFinished(index: Int, total: Int, build: PlannedBuild, summary: BuildSummary)
}
