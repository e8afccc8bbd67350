import ResultStore

// The stored rows a report reads, under the names BenchAnalysis gives them: BenchReports depends on BenchAnalysis
// only, and names these instead of ResultStore's types. What they add up to is `BuildDetail+Accounting`.

/// A stored build with its phases, steps and layers.
package typealias StoredBuild = BuildDetail
/// One step of a stored build, with its ideal-cache verdict.
package typealias StoredStep = StepRecord
/// One command of a stored build (a pull, build or push), with its argv and output.
package typealias StoredPhase = PhaseRecord
/// How a stored build ended (`ok`, `failed`, `unavailable`).
package typealias StoredBuildStatus = BuildStatus
/// Where a stored run stands (`running`, `completed`, `failed`, `interrupted`, `ingested`).
typealias StoredRunStatus = RunStatus
/// What kind of engine command a stored phase was (pull, build, push, ...).
typealias StoredPhaseKind = PhaseKind
/// The builder a stored build used (legacy, BuildKit, buildx, buildah).
typealias StoredBuilder = Builder
