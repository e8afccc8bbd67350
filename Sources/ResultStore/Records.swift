import Foundation
import GRDB

/// One `cachebench run`: when, what project, which engines, which options.
package struct RunRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "run"
    package var id: Int64?
    package var startedAt: Date
    package var finishedAt: Date?
    /// `running` while in progress, then `completed`, `failed` (a build failed) or `interrupted`; `ingested` for a CI log.
    package var status: RunStatus
    /// Absolute path of the project directory.
    package var project: String
    /// The Dockerfile as benchmarked.
    package var dockerfile: String
    /// Client/daemon/registry/buildah versions (a JSON object in the column).
    package var engineVersions: [String: String]
    /// The options the run was started with (a JSON object in the column).
    package var options: [String: String]
    package var host: String

    package init(id: Int64? = nil, startedAt: Date = Date(), finishedAt: Date? = nil, status: RunStatus = .running,
                 project: String, dockerfile: String, engineVersions: [String: String], options: [String: String],
                 host: String = ProcessInfo.processInfo.hostName) {
        self.id = id; self.startedAt = startedAt; self.finishedAt = finishedAt; self.status = status
        self.project = project; self.dockerfile = dockerfile; self.engineVersions = engineVersions
        self.options = options; self.host = host
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    package static func databaseJSONEncoder(for column: String) -> JSONEncoder { StoredJSON.encoder() }
}

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

/// One engine command of a build (pull, build, tag, push, ...), with its raw output.
package struct PhaseRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "phase"
    package var id: Int64?
    package var buildId: Int64
    package var ordinal: Int
    package var kind: PhaseKind
    /// The exact argv run (a JSON array in the column).
    package var argv: [String]
    /// Environment variables set for the command (a JSON object in the column).
    package var environment: [String: String]
    package var wallSeconds: Double
    package var exitCode: Int
    /// stdout and stderr lines in arrival order, as printed.
    package var output: String
    /// Seconds since the command started, one per output line (re-parsing needs them; a JSON array in the column).
    package var lineTimes: [Double]

    package init(id: Int64? = nil, buildId: Int64 = 0, ordinal: Int, kind: PhaseKind, argv: [String],
                 environment: [String: String] = [:], wallSeconds: Double, exitCode: Int, output: String,
                 lineTimes: [Double] = []) {
        self.id = id; self.buildId = buildId; self.ordinal = ordinal; self.kind = kind; self.argv = argv
        self.environment = environment; self.wallSeconds = wallSeconds; self.exitCode = exitCode
        self.output = output; self.lineTimes = lineTimes
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    package static func databaseJSONEncoder(for column: String) -> JSONEncoder { StoredJSON.encoder() }
}

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

/// One layer a push or pull moved (or found already there), joined with the registry's manifest for its size.
package struct LayerRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "layer"
    package var id: Int64?
    package var buildId: Int64
    package var phaseId: Int64
    package var ordinal: Int
    /// The short id the engine printed.
    package var layerId: String
    package var action: Action
    /// Compressed size from the registry manifest, when it could be joined.
    package var bytes: Int64?

    package init(id: Int64? = nil, buildId: Int64 = 0, phaseId: Int64 = 0, ordinal: Int, layerId: String, action: Action,
                 bytes: Int64?) {
        self.id = id; self.buildId = buildId; self.phaseId = phaseId; self.ordinal = ordinal
        self.layerId = layerId; self.action = action; self.bytes = bytes
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// True when the bytes crossed the network (a layer that already existed or was mounted cost nothing).
    package var transferred: Bool { action.transferred }
}

/// A build as written in one transaction: the build, its phases, each phase's steps, the layers
/// of its pushes and pulls (by index into `phases`), the images it produced and what its caches held after it.
package struct NewBuild: Sendable {
    package var build: BuildRecord
    package var phases: [(phase: PhaseRecord, steps: [StepRecord])]
    package var layers: [(phaseIndex: Int, layer: LayerRecord)]
    package var images: [InspectedImage]
    package var cacheUsage: [CacheUsageRecord]
    /// Output of a phase (index into `phases`) past what its row holds, stored as chunks after the row's `output`.
    package var spilled: [(phaseIndex: Int, output: SpilledOutput)]

    package init(build: BuildRecord, phases: [(phase: PhaseRecord, steps: [StepRecord])],
                 layers: [(phaseIndex: Int, layer: LayerRecord)] = [], images: [InspectedImage] = [],
                 cacheUsage: [CacheUsageRecord] = [], spilled: [(phaseIndex: Int, output: SpilledOutput)] = []) {
        self.build = build
        self.phases = phases
        self.layers = layers
        self.images = images
        self.cacheUsage = cacheUsage
        self.spilled = spilled
    }
}

/// A stored build with everything under it, as stored. What it adds up to (steps cached, missed, bytes moved) is
/// BenchAnalysis's `BuildDetail+Accounting`.
package struct BuildDetail: Sendable, Equatable {
    package var build: BuildRecord
    package var phases: [PhaseRecord]
    package var steps: [StepRecord]
    package var layers: [LayerRecord]
    /// The images `docker history` read after the build: empty when none was inspected (older builds, buildah).
    package var images: [InspectedImage]
    /// Bytes each cache backend held after the build: empty when not measured (older builds).
    package var cacheUsage: [CacheUsageRecord]

    package init(build: BuildRecord, phases: [PhaseRecord], steps: [StepRecord], layers: [LayerRecord] = [],
                 images: [InspectedImage] = [], cacheUsage: [CacheUsageRecord] = []) {
        self.build = build
        self.phases = phases
        self.steps = steps
        self.layers = layers
        self.images = images
        self.cacheUsage = cacheUsage
    }
}
