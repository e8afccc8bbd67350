import BenchAnalysis
import BuildEngine
import BuildLogParsing
import DockerfileModel
import Foundation
import ResultStore

/// Runs a plan: for every cell, a fresh engine, the scenario's edit, the strategy's commands timed one by one,
/// the output parsed, and the build written to the store in one transaction.
package struct BenchmarkRunner: Sendable {
    package let settings: RunSettings
    package let engine: any EngineProvider
    package let store: ResultStore
    package let runner: any ProcessRunner
    package let events: @Sendable (RunEvent) -> Void

    package init(settings: RunSettings, engine: any EngineProvider, store: ResultStore,
                 runner: any ProcessRunner, events: @escaping @Sendable (RunEvent) -> Void = { _ in }) {
        self.settings = settings; self.engine = engine; self.store = store; self.runner = runner; self.events = events
    }

    /// Inserts the run row first, so an interrupted run is still visible (its status stays `running`/`interrupted`).
    package func startRun() throws -> RunRecord {
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
                                             engineVersions: versions, options: settings.options))
    }

    package func run(_ run: RunRecord) async throws -> RunOutcome {
        let runId = run.id!
        let plan = settings.plan
        for note in plan.notes + settings.project.scenarioFiles.notes { events(.note(note)) }
        defer { try? FileManager.default.removeItem(at: settings.workDirectory) }
        var progress = RunProgress()
        for (offset, planned) in plan.builds.enumerated() {
            try Task.checkCancellation()
            let index = offset + 1
            events(.buildStarted(index: index, total: plan.builds.count, build: planned))
            try await changeBaseIfDue(planned, runId: runId, progress: &progress)
            let context = try contextCopy(for: planned, progress: &progress)
            engine.expectNext(offset + 1 < plan.builds.count ? .engine(distribution(of: plan.builds[offset + 1])) : .none)
            let httpsBefore = await engine.httpsConnections()
            let new = try await executeCountingEngineFailures(planned, runId: runId, context: context, progress: &progress)
            // A build cut short by Ctrl-C (the supervisor's stop cancels the run) is not a result: it is dropped,
            // not stored as failed.
            try Task.checkCancellation()
            try record(new, index: index, progress: &progress)
            await noteHttps(since: httpsBefore, planned: planned, runId: runId, progress: &progress)
            events(.buildFinished(index: index, total: plan.builds.count, build: planned, summary: Self.summary(of: new)))
        }
        try store.finishRun(id: runId, status: progress.failed > 0 ? .failed : .completed)
        return RunOutcome(runId: runId, failedBuilds: progress.failed, unavailableBuilds: progress.unavailable,
                          unsavedBuilds: progress.unsaved)
    }

    /// What the loop over the plan carries from build to build.
    struct RunProgress {
        var contexts: [String: ContextCopy] = [:]
        var baseChanged = Set<String>()
        var failed = 0, unavailable = 0, engineFailures = 0, unsaved = 0
        /// Builds that opened https connections, as the run option names them.
        var httpsBuilds: [String] = []
    }

    /// Downloads the package cache cannot quiet: the report names the builds that made them.
    func noteHttps(since before: Int?, planned: PlannedBuild, runId: Int64, progress: inout RunProgress) async {
        guard let before, let after = await engine.httpsConnections(), after > before else { return }
        progress.httpsBuilds.append("\(planned.strategy.id) · \(planned.scenario.rawValue) · iteration \(planned.iteration) (\(after - before))")
        try? store.setRunOption(id: runId, key: "packageCacheHttpsBuilds", value: progress.httpsBuilds.joined(separator: ", "))
    }

    /// base-change: once per chain position, so every strategy's next CI run sees the same new base.
    func changeBaseIfDue(_ planned: PlannedBuild, runId: Int64, progress: inout RunProgress) async throws {
        let position = "\(planned.iteration)-\(planned.chainPosition)"
        guard planned.scenario == .baseChange, !progress.baseChanged.contains(position) else { return }
        progress.baseChanged.insert(position)
        let marker = "cachebench run \(runId) iteration \(planned.iteration) #\(planned.chainPosition)"
        let changed = try await BaseImageChange.apply(images: settings.project.baseImages, marker: marker, engine: engine,
                                                      runner: runner,
                                                      workDirectory: settings.workDirectory.appendingPathComponent("base-change"))
        events(.note("base-change: \(changed.joined(separator: ", ")) now has a new digest in the mirror"))
    }

    /// The chain's private context copy: made fresh at the chain's cold build, then carried along it.
    func contextCopy(for planned: PlannedBuild, progress: inout RunProgress) throws -> ContextCopy {
        let key = "i\(planned.iteration)-\(engineSlug(planned.engine))\(planned.strategy.id)"
        if planned.chainPosition == 0 || progress.contexts[key] == nil {
            progress.contexts[key] = try ContextCopy.make(project: settings.project, strategy: planned.strategy,
                                                          under: settings.workDirectory.appendingPathComponent(key),
                                                          excluding: settings.excludedPaths,
                                                          rewrite: ImageRouting.rewrite(settings.project, routes: engine.registryRoutes))
        }
        return progress.contexts[key]!
    }

    /// An engine that does not start fails its build; two in a row mean the machine is the problem.
    func executeCountingEngineFailures(_ planned: PlannedBuild, runId: Int64, context: ContextCopy,
                                       progress: inout RunProgress) async throws -> NewBuild {
        do {
            let new = try await execute(planned, runId: runId, context: context)
            progress.engineFailures = 0
            return new
        } catch let error as EngineError where !Task.isCancelled {
            progress.engineFailures += 1
            if progress.engineFailures >= 2 { throw error }
            return NewBuild(build: BuildRecord(runId: runId, strategy: planned.strategy.id, scenario: planned.scenario.rawValue,
                                               iteration: planned.iteration, chainPosition: planned.chainPosition,
                                               status: .failed, wallSeconds: 0, error: error.localizedDescription,
                                               engine: planned.engine?.name),
                            phases: [])
        }
    }

    /// Writes the build (or keeps it in a file when the database refuses it) and counts its outcome.
    func record(_ new: NewBuild, index: Int, progress: inout RunProgress) throws {
        // Stored or kept with copies: the spool files of the build's output are done with either way.
        defer { for spilled in new.spilled { spilled.output.remove() } }
        if case .kept(let file, let reason) = try store.insertBuildOrKeep(new) {
            // Not in the database, but not lost: the run goes on.
            progress.unsaved += 1
            events(.note("build \(index)/\(settings.plan.builds.count) was not stored: \(reason) Its data is kept in \(file)."))
        }
        try store.resolveContentDependence(runId: new.build.runId)
        if new.build.status == .failed { progress.failed += 1 }
        if new.build.status == .unavailable { progress.unavailable += 1 }
    }

    static func summary(of new: NewBuild) -> BuildSummary {
        let detail = BuildDetail(build: new.build, phases: new.phases.map(\.phase), steps: new.phases.flatMap(\.steps))
        return BuildSummary(status: new.build.status, wallSeconds: new.build.wallSeconds,
                            cachedSteps: detail.cachedSteps, totalSteps: detail.totalSteps,
                            missedSteps: detail.missedSteps.count, missedSeconds: detail.missedSeconds, error: new.build.error)
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

    /// One build: its script rendered, the scenario's edit applied, then its commands run on a fresh engine.
    func execute(_ planned: PlannedBuild, runId: Int64, context: ContextCopy) async throws -> NewBuild {
        var build = BuildRecord(runId: runId, strategy: planned.strategy.id, scenario: planned.scenario.rawValue,
                                iteration: planned.iteration, chainPosition: planned.chainPosition, status: .ok, wallSeconds: 0,
                                engine: planned.engine?.name)
        let distribution = distribution(of: planned)
        let strategy = planned.strategy.resolved(buildKitIsDefault: distribution?.buildKitIsDefault ?? false)
        build.builder = strategy.builder
        let job: BuildJob
        switch prepare(planned, strategy: strategy, distribution: distribution, runId: runId, context: context) {
        case .success(let prepared): job = prepared
        case .failure(let reason):
            build.status = .unavailable
            build.error = "unavailable: \(reason.text)"
            return NewBuild(build: build, phases: [])
        }
        build.script = job.script.json
        let marker = "cachebench run \(runId) iteration \(planned.iteration) \(planned.scenario.rawValue) #\(planned.chainPosition)"
        do {
            try ScenarioMutator.apply(planned.scenario, files: settings.project.scenarioFiles,
                                      contextCopy: context.context, marker: marker,
                                      originalContext: settings.project.contextDirectory)
        } catch {
            build.status = .failed
            build.error = error.localizedDescription
            return NewBuild(build: build, phases: [])
        }
        let recorder = BuildRecorder(build: build, builder: job.builder,
                                     ideal: IdealCache.steps(project: settings.project, scenario: planned.scenario, builder: job.builder),
                                     stages: settings.project.stages, routes: engine.registryRoutes)
        return try await engine.withEngine(job.distribution) { fresh in try await self.runCommands(job, recorder: recorder, on: fresh) }
    }

    /// What one build runs: the strategy resolved for its engine, the client that runs it, and its rendered commands.
    struct BuildJob: Sendable {
        var strategy: Strategy
        var distribution: EngineDistribution?
        var client: String
        /// The strategy's repository in the sandbox registry, without tag.
        var image: String
        var lines: [RenderedLine]
        /// What the run stores: the script a user pastes and each phase's command, from the same rendering as `lines`.
        var script: BuildScript
        var ciCache: CICache

        var builder: Builder { strategy.builder }
    }

    /// Resolves the build's strategy and client and renders its commands; fails when no client can run it here.
    func prepare(_ planned: PlannedBuild, strategy: Strategy, distribution: EngineDistribution?, runId: Int64,
                 context: ContextCopy) -> Result<BuildJob, UnavailableReason> {
        return client(for: strategy.builder, on: distribution).map { client in
            let project = settings.project
            let renderer = ScriptRenderer(strategy: strategy, project: project)
            let ciCache = CICache(root: context.context.deletingLastPathComponent())
            let image = "\(engine.registryAddress)/r\(runId)-i\(planned.iteration)/\(engineSlug(planned.engine))\(strategy.id)/\(project.image)"
            let lines = renderer.commands(image: image, context: context.context.path, dockerfile: context.dockerfile.path,
                                          cacheDirectory: ciCache.runnerDirectory.path)
            let label = settings.plan.engines.count > 1 ? strategy.id + "@" + (planned.engine?.name ?? "") : strategy.id
            let script = renderer.buildScript(label: label, runId: runId, dockerfile: settings.options["dockerfile"] ?? "Dockerfile")
            return BuildJob(strategy: strategy, distribution: distribution, client: client, image: image, lines: lines,
                            script: script, ciCache: ciCache)
        }
    }

    /// Runs the job's commands one by one on `fresh` until one fails, recording each as it ends.
    func runCommands(_ job: BuildJob, recorder: BuildRecorder, on fresh: FreshEngine) async throws -> NewBuild {
        var recorder = recorder
        // A fresh runner has no cache dir until the CI cache restores it.
        try job.ciCache.clearRunner()
        // buildah's equivalent of a fresh engine: new storage and a registries.conf naming the sandbox mirror.
        var buildahSession: BuildahSession?
        if job.builder == .buildah {
            buildahSession = try BuildahSession.make(registry: engine.registryAddress, pullThrough: engine.pullThroughMirrors,
                                                     insecure: engine.registryRoutes.map(\.address),
                                                  storage: engine.engineStorage, in: engine.scratchParent,
                                                  supervisor: runner.supervisor)
        }
        defer { buildahSession?.remove() }
        var environment = job.distribution?.clientEnvironment(dockerConfig: fresh.dockerConfig) ?? [:]
        environment["DOCKER_HOST"] = fresh.host
        environment["DOCKER_BUILDKIT"] = job.builder == .legacy ? "0" : "1"
        recorder.setStarted(startupSeconds: fresh.startupSeconds)
        let clock = ContinuousClock()
        let started = clock.now
        for (ordinal, line) in job.lines.enumerated() {
            let command = buildahSession.map { Command(job.client, $0.globalArguments + line.arguments) }
                ?? Command(job.client, line.arguments, environment: environment)
            try await runPhase(ordinal, line, command: command, job: job, recorder: &recorder)
            if recorder.failed { break }
        }
        recorder.setWallSeconds(SubprocessRunner.seconds(clock.now - started))
        var new = recorder.finish(strategy: job.strategy, finalStage: IdealCache.finalStage(project: settings.project, builder: job.builder),
                                  lines: job.lines)
        // Outside the timed script: what the build produced and what its caches hold now.
        let inspection = BuildInspection(image: job.image, lines: job.lines, builder: job.builder, client: job.client,
                                         environment: environment, ciCache: job.ciCache)
        if new.build.status == .ok {
            new.images = try await inspection.images(startedAt: new.build.startedAt, runner: runner, confine: engine.confine)
        }
        new.cacheUsage = inspection.cacheUsage(engine: engine)
        return new
    }

    /// One phase: a CI cache copy, or an engine command streamed through `PhaseRunner`; a failure fails the build.
    func runPhase(_ ordinal: Int, _ line: RenderedLine, command: Command, job: BuildJob, recorder: inout BuildRecorder) async throws {
        if line.kind == .restore || line.kind == .save {
            let (phase, layer) = try await job.ciCache.transfer(line.kind, ordinal: ordinal, runner: runner,
                                                                link: engine.ciCacheLink)
            events(.phaseFinished(kind: line.kind, seconds: phase.wallSeconds, exitCode: Int32(phase.exitCode)))
            recorder.recordTransfer(line.kind, phase: phase, layer: layer)
            return
        }
        let redaction = settings.project.redaction
        // What is stored and shown: secret build args as `NAME=***`, every secret value masked in all output.
        let recorded = Self.redact(command, secretArgs: settings.project.secretBuildArgs, redaction: redaction)
        events(.phaseStarted(kind: line.kind, commandLine: ([job.builder.program] + recorded.arguments.suffix(line.arguments.count))
            .joined(separator: " ")))
        // What the backends hold before a BuildKit build, so that its own pushes and exports count only what they sent.
        let buildKitBuild = line.kind == .build && (job.builder == .buildkit || job.builder == .buildx)
        let before = buildKitBuild
            ? BuildKitTransfers.holdings(engine: engine, image: job.image, localDirectory: job.ciCache.runnerDirectory) : nil
        let output: PhaseRunner.Output
        do {
            output = try await PhaseRunner(runner: runner, redaction: redaction, timeout: settings.phaseTimeout,
                                           spoolDirectory: settings.spoolDirectory, events: events)
                .run(engine.confine(command), kind: line.kind, builder: job.builder)
        } catch let error as EngineError {
            guard case .phaseTimedOut = error else { throw error }
            return recorder.fail(error.localizedDescription)
        }
        let result = output.result
        events(.phaseFinished(kind: line.kind, seconds: result.wallSeconds, exitCode: result.exitCode))
        var layers = self.layers(of: output.parsed, kind: line.kind, arguments: line.arguments, succeeded: result.succeeded)
        if let before {
            let after = BuildKitTransfers.holdings(engine: engine, image: job.image, localDirectory: job.ciCache.runnerDirectory)
            layers += BuildKitTransfers.records(output.parsed, before: before, after: after, registryBytes: engine.registryBlobBytes,
                                                localBytes: BuildKitTransfers.localBlobs(job.ciCache.runnerDirectory))
        }
        let steps = recorder.recordCommand(output, ordinal: ordinal, kind: line.kind, recorded: recorded, layers: layers)
        guard !result.succeeded && !line.allowFailure else { return }
        let stepError: String? = steps.last(where: { $0.error != nil })?.error
        let exited = "`\(job.builder.program) \(line.arguments.first ?? "")` exited \(result.exitCode): \(result.tail())"
        recorder.fail(engine.deadDaemon() ?? output.parsed.error ?? stepError ?? exited)
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
        let reported = parsed.layers.compactMap { layer in LayerRecord.Action(layer.action).map { (layer, $0) } }
        // docker 26's containerd store pushes print the compressed digests' short forms, in no fixed order, and also
        // the config blob: the layers are the ones the manifest lists, ordered top first like a classic push.
        let inManifest = reported.compactMap { layer, action in
            manifest.firstIndex { $0.digest.dropFirst("sha256:".count).hasPrefix(layer.id) }.map { (index: $0, layer: layer, action: action) }
        }
        if kind == .push, !inManifest.isEmpty {
            return inManifest.sorted { $0.index > $1.index }.enumerated().map { ordinal, entry in
                LayerRecord(ordinal: ordinal, layerId: entry.layer.id, action: entry.action, bytes: manifest[entry.index].bytes)
            }
        }
        return reported.enumerated().map { ordinal, element in
            let (layer, action) = element
            var bytes = layer.bytes
            if kind == .pull {
                bytes = manifest.first { $0.digest.dropFirst("sha256:".count).hasPrefix(layer.id) }?.bytes ?? bytes
            } else if manifest.count == reported.count {
                bytes = manifest[manifest.count - 1 - ordinal].bytes
            }
            return LayerRecord(ordinal: ordinal, layerId: layer.id, action: action, bytes: bytes)
        }
    }

    /// A whole captured result parsed at once (ingested logs, tests); a run parses while the command runs (`PhaseRunner`).
    static func parse(_ result: CommandResult, kind: PhaseKind, builder: Builder) -> ParsedLog {
        var parser = StreamingLogParser(format: PhaseRunner.format(kind: kind, builder: builder))
        for line in result.lines { parser.consume(Substring(line.text), at: line.at) }
        return parser.finish(at: result.wallSeconds)
    }

    /// Gives legacy-builder steps the stage and per-stage index that BuildKit prints, and maps the names
    /// cachebench gave unnamed stages back to BuildKit's `stage-N`, so strategies compare step for step.
    /// The legacy builder builds every stage in file order, so its k-th FROM starts `stages[k]` (the model's);
    /// without the Dockerfile (an ingested log) the model reads the stage from the FROM line itself.
    static func normalize(_ steps: [ParsedStep], builder: Builder, stages: [StageRef] = []) -> [ParsedStep] {
        var out: [ParsedStep] = []
        var stage = StageRef(index: 0, name: nil)
        var indexInStage = 0
        var stageCount = 0
        for var step in steps {
            if builder == .legacy {
                if let started = StageRef.parsing(fromLine: step.instruction, index: stageCount) {
                    stage = stages.indices.contains(stageCount) ? stages[stageCount] : started
                    stageCount += 1
                    indexInStage = 0
                }
                indexInStage += 1
                if step.stage == nil { step.stage = stage.displayName }
                step.index = indexInStage
                step.of = nil
            }
            if let stage = step.stage { step.stage = Project.displayStageName(stage) }
            out.append(step)
        }
        return out
    }
}
