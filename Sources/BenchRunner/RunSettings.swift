import BenchAnalysis
import BuildEngine
import BuildLogParsing
import Foundation

/// Everything a run needs besides the engine.
package struct RunSettings: Sendable {
    package var project: Project
    package var plan: Plan
    /// Scratch space for the private context copies; removed at the end.
    package var workDirectory: URL
    /// Recorded with the run, as JSON.
    package var options: [String: String]
    /// A phase (one command of a strategy) that runs longer is stopped; its build fails "timed out".
    package var phaseTimeout: Double
    /// Real paths the context copies leave out: cachebench's database, state and cache, when inside the context.
    var excludedPaths: [String]
    /// The prepared engines the plan's builds name (`PlannedBuild.engine`).
    package var engines: [EngineDistribution] = []
    /// Where a build's output past its phase rows waits until the build is stored.
    var spoolDirectory: URL { workDirectory.appendingPathComponent("spool") }

    package init(project: Project, plan: Plan, workDirectory: URL, options: [String: String], phaseTimeout: Double = 1800,
                 excludedPaths: [String] = [], engines: [EngineDistribution] = []) {
        self.project = project; self.plan = plan; self.workDirectory = workDirectory; self.options = options
        self.phaseTimeout = phaseTimeout
        self.excludedPaths = excludedPaths
        self.engines = engines
    }
}
