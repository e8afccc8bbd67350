import Foundation
import GRDB

/// One `cachebench run`: when, what project, which engines, which options.
public struct RunRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "run"
    public var id: Int64?
    public var startedAt: Date
    public var finishedAt: Date?
    /// `running` while in progress, then `completed`, `failed` (a build failed) or `interrupted`; `ingested` for a CI log.
    public var status: RunStatus
    /// Absolute path of the project directory.
    public var project: String
    /// The Dockerfile as benchmarked.
    public var dockerfile: String
    /// Client/daemon/registry/buildah versions (a JSON object in the column).
    public var engineVersions: [String: String]
    /// The options the run was started with (a JSON object in the column).
    public var options: [String: String]
    public var host: String

    public init(id: Int64? = nil, startedAt: Date = Date(), finishedAt: Date? = nil, status: RunStatus = .running,
                project: String, dockerfile: String, engineVersions: [String: String], options: [String: String],
                host: String = ProcessInfo.processInfo.hostName) {
        self.id = id; self.startedAt = startedAt; self.finishedAt = finishedAt; self.status = status
        self.project = project; self.dockerfile = dockerfile; self.engineVersions = engineVersions
        self.options = options; self.host = host
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public static func databaseJSONEncoder(for column: String) -> JSONEncoder { StoredJSON.encoder() }
}

/// One CI-run simulation: a strategy's script run once for a scenario, on a fresh engine.
public struct BuildRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "build"
    public var id: Int64?
    public var runId: Int64
    public var strategy: String
    public var scenario: String
    public var iteration: Int
    /// Position in the strategy's chain (0 = cold).
    public var chainPosition: Int
    public var status: BuildStatus
    /// Wall time of the strategy's commands, engine start-up excluded.
    public var wallSeconds: Double
    public var engineStartupSeconds: Double
    public var error: String?
    public var startedAt: Date
    /// The engine the build ran on, as `--engine` names it (`docker-26.1`); nil for runs before engines were a choice.
    public var engine: String?
    /// The builder the strategy ran on that engine (`legacy`, `buildkit`, `buildx`, `buildah`); nil for builds
    /// stored before it was recorded.
    public var builder: Builder?
    /// JSON (`BuildScript`): the script the run rendered from the strategy's data, as a user pastes it, and each
    /// phase's command. nil for builds stored before runs kept it; the reports re-render those from the strategy.
    public var script: String?

    public init(id: Int64? = nil, runId: Int64, strategy: String, scenario: String, iteration: Int, chainPosition: Int,
                status: BuildStatus, wallSeconds: Double, engineStartupSeconds: Double = 0, error: String? = nil,
                startedAt: Date = Date(), engine: String? = nil, builder: Builder? = nil, script: String? = nil) {
        self.id = id; self.runId = runId; self.strategy = strategy; self.scenario = scenario; self.iteration = iteration
        self.chainPosition = chainPosition; self.status = status; self.wallSeconds = wallSeconds
        self.engineStartupSeconds = engineStartupSeconds; self.error = error; self.startedAt = startedAt
        self.engine = engine; self.builder = builder; self.script = script
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One engine command of a build (pull, build, tag, push, ...), with its raw output.
public struct PhaseRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "phase"
    public var id: Int64?
    public var buildId: Int64
    public var ordinal: Int
    public var kind: PhaseKind
    /// The exact argv run (a JSON array in the column).
    public var argv: [String]
    /// Environment variables set for the command (a JSON object in the column).
    public var environment: [String: String]
    public var wallSeconds: Double
    public var exitCode: Int
    /// stdout and stderr lines in arrival order, as printed.
    public var output: String
    /// Seconds since the command started, one per output line (re-parsing needs them; a JSON array in the column).
    public var lineTimes: [Double]

    public init(id: Int64? = nil, buildId: Int64 = 0, ordinal: Int, kind: PhaseKind, argv: [String],
                environment: [String: String] = [:], wallSeconds: Double, exitCode: Int, output: String,
                lineTimes: [Double] = []) {
        self.id = id; self.buildId = buildId; self.ordinal = ordinal; self.kind = kind; self.argv = argv
        self.environment = environment; self.wallSeconds = wallSeconds; self.exitCode = exitCode
        self.output = output; self.lineTimes = lineTimes
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public static func databaseJSONEncoder(for column: String) -> JSONEncoder { StoredJSON.encoder() }
}

/// One Dockerfile step as the engine reported it within a build phase.
public struct StepRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "step"
    public var id: Int64?
    public var buildId: Int64
    public var phaseId: Int64
    public var ordinal: Int
    public var stage: String?
    public var stepIndex: Int?
    public var stepOf: Int?
    public var instruction: String
    public var cached: Bool
    public var seconds: Double?
    public var error: String?
    /// Whether a perfect cache would have served this step after the scenario's change (the Dockerfile
    /// model's change impact); nil for a cold build or when it could not be computed.
    public var ideallyCached: Bool?
    /// The model's state for this step (see `IdealState`); nil for a cold build and rows written before it existed.
    public var idealState: IdealState?
    /// The instruction's first line in the Dockerfile: with the Dockerfile, the step's identity across builders.
    public var dockerfileLine: Int?
    /// For a step that depends on copied content: the lines of the `COPY --from` / `RUN --mount=from` steps
    /// whose content decides it, comma-separated.
    public var contentRoots: String?
    /// Why the strategy did not serve this step from cache, for a step a perfect cache would (or might) have served.
    public var missCause: String?

    public init(id: Int64? = nil, buildId: Int64 = 0, phaseId: Int64 = 0, ordinal: Int, stage: String?, stepIndex: Int?,
                stepOf: Int?, instruction: String, cached: Bool, seconds: Double?, error: String? = nil,
                ideallyCached: Bool? = nil) {
        self.id = id; self.buildId = buildId; self.phaseId = phaseId; self.ordinal = ordinal; self.stage = stage
        self.stepIndex = stepIndex; self.stepOf = stepOf; self.instruction = instruction; self.cached = cached
        self.seconds = seconds; self.error = error; self.ideallyCached = ideallyCached
    }

    /// Served from cache although the model says it must rebuild: the model is wrong (the engine is the ground truth).
    public var modelError: Bool { cached && ideallyCached == false }

    /// Rebuilt although a perfect cache would have served it.
    public var missed: Bool { ideallyCached == true && !cached }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One layer a push or pull moved (or found already there), joined with the registry's manifest for its size.
public struct LayerRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "layer"
    public var id: Int64?
    public var buildId: Int64
    public var phaseId: Int64
    public var ordinal: Int
    /// The short id the engine printed.
    public var layerId: String
    public var action: Action
    /// Compressed size from the registry manifest, when it could be joined.
    public var bytes: Int64?

    public init(id: Int64? = nil, buildId: Int64 = 0, phaseId: Int64 = 0, ordinal: Int, layerId: String, action: Action,
                bytes: Int64?) {
        self.id = id; self.buildId = buildId; self.phaseId = phaseId; self.ordinal = ordinal
        self.layerId = layerId; self.action = action; self.bytes = bytes
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// True when the bytes crossed the network (a layer that already existed or was mounted cost nothing).
    public var transferred: Bool { action.transferred }
}

/// A build as written in one transaction: the build, its phases, each phase's steps, the layers
/// of its pushes and pulls (by index into `phases`), the images it produced and what its caches held after it.
public struct NewBuild: Sendable {
    public var build: BuildRecord
    public var phases: [(phase: PhaseRecord, steps: [StepRecord])]
    public var layers: [(phaseIndex: Int, layer: LayerRecord)]
    public var images: [InspectedImage]
    public var cacheUsage: [CacheUsageRecord]

    public init(build: BuildRecord, phases: [(phase: PhaseRecord, steps: [StepRecord])],
                layers: [(phaseIndex: Int, layer: LayerRecord)] = [], images: [InspectedImage] = [],
                cacheUsage: [CacheUsageRecord] = []) {
        self.build = build
        self.phases = phases
        self.layers = layers
        self.images = images
        self.cacheUsage = cacheUsage
    }
}

/// A stored build with everything under it, as stored. What it adds up to (steps cached, missed, bytes moved) is
/// BenchAnalysis's `BuildDetail+Accounting`.
public struct BuildDetail: Sendable, Equatable {
    public var build: BuildRecord
    public var phases: [PhaseRecord]
    public var steps: [StepRecord]
    public var layers: [LayerRecord]
    /// The images `docker history` read after the build: empty when none was inspected (older builds, buildah).
    public var images: [InspectedImage]
    /// Bytes each cache backend held after the build: empty when not measured (older builds).
    public var cacheUsage: [CacheUsageRecord]

    public init(build: BuildRecord, phases: [PhaseRecord], steps: [StepRecord], layers: [LayerRecord] = [],
                images: [InspectedImage] = [], cacheUsage: [CacheUsageRecord] = []) {
        self.build = build
        self.phases = phases
        self.steps = steps
        self.layers = layers
        self.images = images
        self.cacheUsage = cacheUsage
    }
}
