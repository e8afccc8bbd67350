import BenchAnalysis
import BuildEngine
import BuildLogParsing
import Foundation
import ResultStore

/// Where builds run: a registry for the whole run and a fresh engine per build. `Sandbox` is the real one.
public protocol EngineProvider: Sendable {
    var registryAddress: String { get }
    /// Docker Hub mirrors after the registry (the run's pull-through cache), for engines configured here (buildah).
    var pullThroughMirrors: [String] { get }
    var capabilities: EngineCapabilities { get }
    /// Runs `body` with the `DOCKER_HOST` of a fresh engine with an empty cache, and its start-up seconds.
    func withEngine<T: Sendable>(_ body: (_ host: String, _ startupSeconds: Double) async throws -> T) async throws -> T
    /// Compressed layer sizes of `repository:tag` (repository without the registry host), base layer first.
    func manifestLayers(repository: String, tag: String) -> [(digest: String, bytes: Int64)]
    /// `command` as it must run to reach the engine's network (the run's namespace: buildah pulls and pushes itself).
    func confine(_ command: Command) -> Command
    /// Why the build just run could not work, when a daemon (registry, dockerd) died under it.
    func deadDaemon() -> String?
    /// Runs `body` against a fresh engine of `distribution` (nil: the provider's own engine).
    func withEngine<T: Sendable>(_ distribution: EngineDistribution?, _ body: (FreshEngine) async throws -> T) async throws -> T
    /// The engine the build after the coming one needs, so that it can be started beside the coming build.
    func expectNext(_ next: NextEngine)
    /// The https connections the builds have opened so far (the package cache counts them); nil: not counted.
    func httpsConnections() async -> Int?
    /// What the registry's storage holds for the repositories at or below `prefix`; nil when it cannot be read.
    func registryUsage(repositoriesUnder prefix: String) -> RegistryUsage?
}

/// A fresh engine as a build's commands reach it.
public struct FreshEngine: Sendable {
    /// `DOCKER_HOST`.
    public var host: String
    public var startupSeconds: Double
    /// The CLI's DOCKER_CONFIG holding the engine's buildx plugin; nil when it has none.
    public var dockerConfig: String?

    public init(host: String, startupSeconds: Double, dockerConfig: String? = nil) {
        self.host = host; self.startupSeconds = startupSeconds; self.dockerConfig = dockerConfig
    }
}

extension EngineProvider {
    /// Providers with one engine (test doubles) start it whatever the distribution.
    public func withEngine<T: Sendable>(_ distribution: EngineDistribution?, _ body: (FreshEngine) async throws -> T) async throws -> T {
        try await withEngine { host, startup in try await body(FreshEngine(host: host, startupSeconds: startup)) }
    }

    public func manifestLayers(repository: String, tag: String) -> [(digest: String, bytes: Int64)] { [] }
    public func confine(_ command: Command) -> Command { command }
    public func deadDaemon() -> String? { nil }
    public func expectNext(_ next: NextEngine) {}
    public func httpsConnections() async -> Int? { nil }
    public func registryUsage(repositoriesUnder prefix: String) -> RegistryUsage? { nil }
    public var pullThroughMirrors: [String] { [] }
}

extension Sandbox: EngineProvider {
    public func expectNext(_ next: NextEngine) { expectNext(next, environment: ProcessInfo.processInfo.environment) }

    public func httpsConnections() async -> Int? {
        guard let packageCache else { return nil }
        return await packageCache.traffic(runner: runner)?.httpsConnections
    }

    public func confine(_ command: Command) -> Command { namespace.wrap(command, nsenter: capabilities.nsenter ?? "nsenter") }

    public func manifestLayers(repository: String, tag: String) -> [(digest: String, bytes: Int64)] {
        registry.layerSizes(of: repository, tag: tag)
    }

    public func registryUsage(repositoriesUnder prefix: String) -> RegistryUsage? {
        RegistryStorage.usage(root: registry.storageDirectory, repositoriesUnder: prefix)
    }

    public func withEngine<T: Sendable>(_ body: (String, Double) async throws -> T) async throws -> T {
        try await withFreshEngine { engine in try await body(engine.host, engine.startupSeconds) }
    }

    /// The engine's DOCKER_CONFIG (buildx plugin, buildx state) lives and dies with the engine's directory.
    public func withEngine<T: Sendable>(_ distribution: EngineDistribution?, _ body: (FreshEngine) async throws -> T) async throws -> T {
        try await withFreshEngine(distribution) { engine in
            let config = try distribution?.makeDockerConfig(at: "\(engine.directory)/docker-config")
            return try await body(FreshEngine(host: engine.host, startupSeconds: engine.startupSeconds, dockerConfig: config))
        }
    }
}

/// Everything a run needs besides the engine.
public struct RunSettings: Sendable {
    public var project: Project
    public var plan: Plan
    /// Scratch space for the private context copies; removed at the end.
    public var workDirectory: URL
    /// Recorded with the run, as JSON.
    public var options: [String: String]
    /// A phase (one command of a strategy) that runs longer is stopped; its build fails "timed out".
    public var phaseTimeout: Double
    /// Real paths the context copies leave out: cachebench's database, state and cache, when inside the context.
    public var excludedPaths: [String]
    /// The prepared engines the plan's builds name (`PlannedBuild.engine`).
    public var engines: [EngineDistribution] = []

    public init(project: Project, plan: Plan, workDirectory: URL, options: [String: String], phaseTimeout: Double = 1800,
                excludedPaths: [String] = [], engines: [EngineDistribution] = []) {
        self.project = project; self.plan = plan; self.workDirectory = workDirectory; self.options = options
        self.phaseTimeout = phaseTimeout
        self.excludedPaths = excludedPaths
        self.engines = engines
    }
}

/// How a finished run went.
public struct RunOutcome: Sendable, Equatable {
    public var runId: Int64
    public var failedBuilds: Int
    public var unavailableBuilds: Int
    /// Builds that could not be inserted; each is kept as JSON in `ResultStore.unsavedDirectory`.
    public var unsavedBuilds: Int = 0
}

/// Runs a plan: for every cell, a fresh engine, the scenario's edit, the strategy's commands timed one by one,
/// the output parsed, and the build written to the store in one transaction.
public struct BenchmarkRunner: Sendable {
    public let settings: RunSettings
    public let engine: any EngineProvider
    public let store: ResultStore
    public let runner: any ProcessRunner
    public let events: @Sendable (RunEvent) -> Void

    public init(settings: RunSettings, engine: any EngineProvider, store: ResultStore,
                runner: any ProcessRunner = SubprocessRunner(), events: @escaping @Sendable (RunEvent) -> Void = { _ in }) {
        self.settings = settings; self.engine = engine; self.store = store; self.runner = runner; self.events = events
    }

    /// Inserts the run row first, so an interrupted run is still visible (its status stays `running`/`interrupted`).
    public func startRun() throws -> RunRecord {
        let caps = engine.capabilities
        var versions: [String: String] = [:]
        versions["dockerd"] = caps.dockerdVersion
        versions["registry"] = caps.registryVersion
        versions["buildah"] = caps.buildahVersion
        versions["legacyClient"] = caps.legacyClient.map { "\($0.path) \($0.version)" }
        versions["buildKitClient"] = caps.buildKitClient.map { "\($0.path) \($0.version)" }
        for engine in settings.engines {
            versions[engine.spec.name] = engine.versions.keys.sorted().map { "\($0) \(engine.versions[$0]!)" }.joined(separator: ", ")
        }
        return try store.insertRun(RunRecord(project: settings.project.directory.path,
                                             dockerfile: settings.project.dockerfileText,
                                             engineVersions: JSON.string(versions), options: JSON.string(settings.options)))
    }

    public func run(_ run: RunRecord) async throws -> RunOutcome {
        let runId = run.id!
        let plan = settings.plan
        for note in plan.notes + settings.project.scenarioFiles.notes { events(.note(note)) }
        var contexts: [String: ContextCopy] = [:]
        defer { try? FileManager.default.removeItem(at: settings.workDirectory) }
        var failed = 0, unavailable = 0, engineFailures = 0, unsaved = 0
        var baseChanged = Set<String>()
        var httpsBuilds: [String] = []
        for (offset, planned) in plan.builds.enumerated() {
            try Task.checkCancellation()
            let index = offset + 1
            events(.buildStarted(index: index, total: plan.builds.count, build: planned))
            if planned.scenario == .baseChange, !baseChanged.contains("\(planned.iteration)-\(planned.chainPosition)") {
                // Once per chain position: every strategy's next CI run sees the same new base.
                baseChanged.insert("\(planned.iteration)-\(planned.chainPosition)")
                let marker = "cachebench run \(runId) iteration \(planned.iteration) #\(planned.chainPosition)"
                let changed = try await BaseImageChange.apply(images: settings.project.baseImages, marker: marker, engine: engine,
                                                              runner: runner,
                                                              workDirectory: settings.workDirectory.appendingPathComponent("base-change"))
                events(.note("base-change: \(changed.joined(separator: ", ")) now has a new digest in the mirror"))
            }
            let key = "i\(planned.iteration)-\(engineSlug(planned.engine))\(planned.strategy.id)"
            if planned.chainPosition == 0 || contexts[key] == nil {
                contexts[key] = try ContextCopy.make(project: settings.project, strategy: planned.strategy,
                                                     under: settings.workDirectory.appendingPathComponent(key),
                                                     excluding: settings.excludedPaths)
            }
            engine.expectNext(offset + 1 < plan.builds.count ? .engine(distribution(of: plan.builds[offset + 1])) : .none)
            let httpsBefore = await engine.httpsConnections()
            let new: NewBuild
            do {
                new = try await execute(planned, runId: runId, context: contexts[key]!)
                engineFailures = 0
            } catch let error as EngineError where !ChildProcesses.shared.isStopping {
                // An engine that does not start fails its build; two in a row mean the machine is the problem.
                engineFailures += 1
                if engineFailures >= 2 { throw error }
                new = NewBuild(build: BuildRecord(runId: runId, strategy: planned.strategy.id, scenario: planned.scenario.rawValue,
                                                  iteration: planned.iteration, chainPosition: planned.chainPosition,
                                                  status: "failed", wallSeconds: 0, error: error.localizedDescription,
                                                  engine: planned.engine?.name),
                               phases: [])
            }
            // A build cut short by Ctrl-C is not a result: it is dropped, not stored as failed.
            if ChildProcesses.shared.isStopping { throw CancellationError() }
            if case .kept(let file, let reason) = try store.insertBuildOrKeep(new) {
                // Not in the database, but not lost: the run goes on.
                unsaved += 1
                events(.note("build \(index)/\(plan.builds.count) was not stored: \(reason) Its data is kept in \(file)."))
            }
            try store.resolveContentDependence(runId: runId)
            if let before = httpsBefore, let after = await engine.httpsConnections(), after > before {
                // Downloads the package cache cannot quiet: the report names the builds that made them.
                httpsBuilds.append("\(planned.strategy.id) · \(planned.scenario.rawValue) · iteration \(planned.iteration) (\(after - before))")
                try? store.setRunOption(id: runId, key: "packageCacheHttpsBuilds", value: httpsBuilds.joined(separator: ", "))
            }
            let detail = BuildDetail(build: new.build, phases: new.phases.map(\.phase), steps: new.phases.flatMap(\.steps))
            if new.build.status == "failed" { failed += 1 }
            if new.build.status == "unavailable" { unavailable += 1 }
            events(.buildFinished(index: index, total: plan.builds.count, build: planned,
                                  summary: BuildSummary(status: new.build.status, wallSeconds: new.build.wallSeconds,
                                                        cachedSteps: detail.cachedSteps, totalSteps: detail.totalSteps,
                                                        missedSteps: detail.missedSteps.count, missedSeconds: detail.missedSeconds,
                                                        error: new.build.error)))
        }
        try store.finishRun(id: runId, status: failed > 0 ? "failed" : "completed")
        return RunOutcome(runId: runId, failedBuilds: failed, unavailableBuilds: unavailable, unsavedBuilds: unsaved)
    }

    /// A path component naming the build's engine, when the plan has more than one (`docker-26.1/`), else empty:
    /// each engine's chains get their own repositories and context copies.
    func engineSlug(_ spec: EngineSpec?) -> String {
        guard settings.plan.engines.count > 1, let spec else { return "" }
        if case .path = spec { return "path\(settings.plan.engines.firstIndex(of: spec) ?? 0)/" }
        return "\(spec.name)/"
    }

    /// The prepared engine a planned build names; nil: the system's.
    func distribution(of planned: PlannedBuild) -> EngineDistribution? {
        planned.engine.flatMap { spec in settings.engines.first { $0.spec == spec } }
    }

    /// The program that runs `builder` on `distribution`, or why it cannot.
    func client(for builder: Builder, on distribution: EngineDistribution?) -> Result<String, UnavailableReason> {
        guard let distribution, builder != .buildah else { return client(for: builder) }
        if builder == .buildx, distribution.buildxPlugin == nil {
            return .failure(.init(text: "buildx missing: \(distribution.spec.name) has no buildx and no containerd image store; "
                                  + "run it with --engine docker-26.1"))
        }
        return .success(distribution.docker)
    }

    /// The program that can run `builder` here, or why none can.
    func client(for builder: Builder) -> Result<String, UnavailableReason> {
        let caps = engine.capabilities
        switch builder {
        case .legacy: return caps.legacyClient.map { .success($0.path) } ?? .failure(.init(text: "no docker client"))
        case .buildkit:
            return caps.buildKitClient.map { .success($0.path) } ?? .failure(.init(text: "no client can run BuildKit builds"))
        case .buildx: return caps.buildxClient.map { .success($0.path) } ?? .failure(.init(text: "buildx missing"))
        case .buildah: return caps.buildah.map { .success($0) } ?? .failure(.init(text: "buildah missing (apt-get install -y buildah)"))
        }
    }

    struct UnavailableReason: Error { var text: String }

    func execute(_ planned: PlannedBuild, runId: Int64, context: ContextCopy) async throws -> NewBuild {
        var build = BuildRecord(runId: runId, strategy: planned.strategy.id, scenario: planned.scenario.rawValue,
                                iteration: planned.iteration, chainPosition: planned.chainPosition, status: "ok", wallSeconds: 0,
                                engine: planned.engine?.name)
        let distribution = distribution(of: planned)
        var planned = planned
        planned.strategy = planned.strategy.resolved(buildKitIsDefault: distribution?.buildKitIsDefault ?? false)
        build.builder = planned.strategy.builder.rawValue
        let client: String
        switch self.client(for: planned.strategy.builder, on: distribution) {
        case .success(let found): client = found
        case .failure(let reason):
            build.status = "unavailable"
            build.error = "unavailable: \(reason.text)"
            return NewBuild(build: build, phases: [])
        }
        let marker = "cachebench run \(runId) iteration \(planned.iteration) \(planned.scenario.rawValue) #\(planned.chainPosition)"
        do {
            try ScenarioMutator.apply(planned.scenario, files: settings.project.scenarioFiles,
                                      contextCopy: context.context, marker: marker,
                                      originalContext: settings.project.contextDirectory)
        } catch {
            build.status = "failed"
            build.error = error.localizedDescription
            return NewBuild(build: build, phases: [])
        }
        let project = settings.project
        let image = "\(engine.registryAddress)/r\(runId)-i\(planned.iteration)/\(engineSlug(planned.engine))\(planned.strategy.id)/\(project.image)"
        let ciCache = CICache(root: context.context.deletingLastPathComponent())
        // One rendering: the commands run here, and the script stored for the reports, come from the same data.
        let renderer = ScriptRenderer(strategy: planned.strategy, project: project)
        let lines = renderer.commands(image: image, context: context.context.path,
                                      dockerfile: context.dockerfile(for: planned.strategy).path,
                                      cacheDirectory: ciCache.runnerDirectory.path)
        let label = settings.plan.engines.count > 1 ? planned.strategy.id + "@" + (planned.engine?.name ?? "") : planned.strategy.id
        build.script = renderer.buildScript(label: label, runId: runId, dockerfile: settings.options["dockerfile"] ?? "Dockerfile").json
        let redaction = project.redaction
        let secretArgs = project.secretBuildArgs
        let environmentBuildKit = planned.strategy.builder == .legacy ? "0" : "1"
        let ideal = IdealCache.steps(project: project, scenario: planned.scenario, builder: planned.strategy.builder)
        let events = self.events
        let runner = self.runner
        let builder = planned.strategy.builder
        let registryAddress = engine.registryAddress
        let phaseTimeout = settings.phaseTimeout
        return try await engine.withEngine(distribution) { fresh in
            let host = fresh.host
            var clientEnvironment = distribution?.clientEnvironment(dockerConfig: fresh.dockerConfig) ?? [:]
            clientEnvironment["DOCKER_HOST"] = host
            clientEnvironment["DOCKER_BUILDKIT"] = environmentBuildKit
            build.engineStartupSeconds = fresh.startupSeconds
            // A fresh runner has no cache dir until the CI cache restores it.
            try ciCache.clearRunner()
            // buildah's equivalent of a fresh engine: new storage and a registries.conf naming the sandbox mirror.
            var buildahSession: BuildahSession?
            if builder == .buildah { buildahSession = try BuildahSession.make(registry: registryAddress, pullThrough: engine.pullThroughMirrors) }
            defer { buildahSession?.remove() }
            build.startedAt = Date()
            var phases: [(phase: PhaseRecord, steps: [StepRecord])] = []
            var layers: [(phaseIndex: Int, layer: LayerRecord)] = []
            var stepOrdinal = 0
            let clock = ContinuousClock()
            let started = clock.now
            for (ordinal, line) in lines.enumerated() {
                if line.kind == .restore || line.kind == .save {
                    let (phase, layer) = try await ciCache.transfer(line.kind, ordinal: ordinal, runner: runner)
                    events(.phaseFinished(kind: line.kind, seconds: phase.wallSeconds, exitCode: Int32(phase.exitCode)))
                    if let layer { layers.append((phases.count, layer)) }
                    phases.append((phase, []))
                    if phase.exitCode != 0 {
                        build.status = "failed"
                        build.error = "\(line.kind.rawValue) of the CI cache failed: \(phase.output)"
                        break
                    }
                    continue
                }
                let arguments = line.arguments
                let command = buildahSession.map { Command(client, $0.globalArguments + arguments) }
                    ?? Command(client, arguments, environment: clientEnvironment)
                // What is stored and shown: secret build args as `NAME=***`, every secret value masked in all output.
                let recorded = Self.redact(command, secretArgs: secretArgs, redaction: redaction)
                events(.phaseStarted(kind: line.kind, commandLine: ([builder.program] + recorded.arguments.suffix(arguments.count))
                    .joined(separator: " ")))
                let result: CommandResult
                do {
                    result = redaction.apply(try await runner.run(engine.confine(command), timeout: phaseTimeout) { output in
                        if LiveActivity.isStepLine(output.text) { events(.activity(redaction.apply(output.text))) }
                    })
                } catch let error as EngineError {
                    guard case .phaseTimedOut = error else { throw error }
                    build.status = "failed"
                    build.error = error.localizedDescription
                    break
                }
                events(.phaseFinished(kind: line.kind, seconds: result.wallSeconds, exitCode: result.exitCode))
                let parsed = Self.parse(result, kind: line.kind, builder: planned.strategy.builder)
                var steps: [StepRecord] = []
                for step in Self.normalize(parsed.steps, builder: planned.strategy.builder) {
                    var record = StepRecord(ordinal: stepOrdinal, stage: step.stage, stepIndex: step.index, stepOf: step.of,
                                            instruction: step.instruction, cached: step.cached, seconds: step.seconds,
                                            error: step.error)
                    IdealCache.annotate(&record, ideal: ideal)
                    steps.append(record)
                    stepOrdinal += 1
                }
                let phase = PhaseRecord(ordinal: ordinal, kind: line.kind.rawValue, argv: JSON.string(recorded.argv),
                                        environment: JSON.string(recorded.environment), wallSeconds: result.wallSeconds,
                                        exitCode: Int(result.exitCode), output: result.output,
                                        lineTimes: JSON.string(result.lines.map { (($0.at * 1000).rounded() / 1000) }))
                for layer in self.layers(of: parsed, kind: line.kind, arguments: arguments, succeeded: result.succeeded) {
                    layers.append((phases.count, layer))
                }
                phases.append((phase, steps))
                if !result.succeeded && !line.allowFailure {
                    build.status = "failed"
                    let stepError = steps.last(where: { $0.error != nil })?.error
                    build.error = engine.deadDaemon() ?? parsed.error ?? stepError
                        ?? "`\(builder.program) \(arguments.first ?? "")` exited \(result.exitCode): \(result.tail())"
                    break
                }
            }
            build.wallSeconds = SubprocessRunner.seconds(clock.now - started)
            MissCause.assign(&phases, facts: MissCause.Facts(
                strategy: planned.strategy, finalStage: IdealCache.finalStage(project: project, builder: builder),
                lines: lines, failedPulls: phases.filter { $0.phase.kind == "pull" && $0.phase.exitCode != 0 }
                    .compactMap { $0.phase.argvArray.last }))
            // Outside the timed script: what the build produced and what its caches hold now.
            let inspection = BuildInspection(image: image, lines: lines, builder: builder, client: client,
                                             environment: clientEnvironment, ciCache: ciCache)
            let images = build.status == "ok" ? try await inspection.images(startedAt: build.startedAt, runner: runner,
                                                                             confine: engine.confine) : []
            return NewBuild(build: build, phases: phases, layers: layers, images: images, cacheUsage: inspection.cacheUsage(engine: engine))
        }
    }

    /// `command` as stored: `--build-arg NAME=***` for each secret arg, then every secret value masked anywhere.
    static func redact(_ command: Command, secretArgs: Set<String>, redaction: Redaction) -> Command {
        guard !secretArgs.isEmpty || !redaction.isEmpty else { return command }
        var masked = command
        for index in masked.arguments.indices.dropFirst() where masked.arguments[index - 1] == "--build-arg" {
            let argument = masked.arguments[index]
            if let equals = argument.firstIndex(of: "="), secretArgs.contains(String(argument[..<equals])) {
                masked.arguments[index] = argument[..<equals] + "=" + Redaction.mask
            }
        }
        return redaction.apply(masked)
    }

    /// Layers a push or pull reported, sized from the registry's manifest: a pull prints the compressed digest's
    /// short form; a push prints layers top first, the manifest lists them base first.
    func layers(of parsed: ParsedLog, kind: PhaseKind, arguments: [String], succeeded: Bool) -> [LayerRecord] {
        guard kind == .push || kind == .pull, succeeded, !parsed.layers.isEmpty, let reference = arguments.last,
              let slash = reference.firstIndex(of: "/") else { return [] }
        let path = reference[reference.index(after: slash)...]
        let (repository, tag) = path.lastIndex(of: ":").map { (String(path[..<$0]), String(path[path.index(after: $0)...])) }
            ?? (String(path), "latest")
        let manifest = engine.manifestLayers(repository: repository, tag: tag)
        let reported = parsed.layers.filter { $0.action != .history }
        return reported.enumerated().map { ordinal, layer in
            var bytes = layer.bytes
            if kind == .pull {
                bytes = manifest.first { $0.digest.dropFirst("sha256:".count).hasPrefix(layer.id) }?.bytes ?? bytes
            } else if manifest.count == reported.count {
                bytes = manifest[manifest.count - 1 - ordinal].bytes
            }
            return LayerRecord(ordinal: ordinal, layerId: layer.id, action: layer.action.rawValue, bytes: bytes)
        }
    }

    static func parse(_ result: CommandResult, kind: PhaseKind, builder: Builder) -> ParsedLog {
        let format: LogFormat
        switch kind {
        case .build: format = builder == .legacy ? .legacy : builder == .buildah ? .buildah : .buildkitPlain
        case .pull: format = .pull
        case .push: format = .push
        case .tag, .restore, .save: format = .push
        }
        var parser = StreamingLogParser(format: format)
        for line in result.lines { parser.consume(Substring(line.text), at: line.at) }
        return parser.finish(at: result.wallSeconds)
    }

    /// Gives legacy-builder steps the stage name and per-stage index that BuildKit prints, and maps the names
    /// cachebench gave unnamed stages back to BuildKit's `stage-N`, so strategies compare step for step.
    static func normalize(_ steps: [ParsedStep], builder: Builder) -> [ParsedStep] {
        var out: [ParsedStep] = []
        var stageOrdinal = -1
        var stageName = "stage-0"
        var indexInStage = 0
        for var step in steps {
            if builder == .legacy {
                let words = step.instruction.split(separator: " ")
                if words.first?.uppercased() == "FROM" {
                    stageOrdinal += 1
                    indexInStage = 0
                    if let asIndex = words.lastIndex(where: { $0.uppercased() == "AS" }), asIndex + 1 < words.count {
                        stageName = words[asIndex + 1].lowercased()
                    } else {
                        stageName = "stage-\(stageOrdinal)"
                    }
                }
                indexInStage += 1
                if step.stage == nil { step.stage = stageName }
                step.index = indexInStage
                step.of = nil
            }
            if let stage = step.stage { step.stage = Project.displayStageName(stage) }
            out.append(step)
        }
        return out
    }
}

/// Recognises the lines worth echoing as live progress.
enum LiveActivity {
    static func isStepLine(_ line: String) -> Bool {
        if line.hasPrefix("Step ") { return true }
        guard line.hasPrefix("#") else { return false }
        return line.contains(" [") && !line.contains("[internal]")
    }
}

enum JSON {
    static func string<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
