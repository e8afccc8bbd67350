import BuildEngine
import Foundation
import ResultStore

/// `cachebench run` from request to stored run: resolve, plan, start the sandbox, run, stop everything.
package enum RunSession {
    package struct Prepared: Sendable {
        package var project: Project
        package var plan: Plan
        package var databasePath: String
    }

    /// Checks everything that does not need the engine: directory, Dockerfile, config, strategies, scenarios.
    package static func prepare(_ request: RunRequest) throws -> Prepared {
        let directory = URL(fileURLWithPath: request.directory).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigError.noDirectory(directory.path)
        }
        let config = try ProjectConfig.load(projectDirectory: directory, explicitFile: request.configFile)
        let iterations = request.iterations ?? config.iterations ?? 1
        guard iterations >= 1 else { throw ConfigError.badIterations(iterations) }
        if request.strategies?.isEmpty == true { throw ConfigError.emptySelection(option: "--strategies") }
        if request.scenarios?.isEmpty == true { throw ConfigError.emptySelection(option: "--scenarios") }
        let strategies = try Plan.strategies(from: request.strategies ?? config.strategies ?? Strategy.defaultIDs)
        let scenarios = try Plan.scenarios(from: request.scenarios ?? config.scenarios ?? Scenario.defaultChain.map(\.rawValue))
        let project = try Project.resolve(directory: directory, config: config, sourceFile: request.sourceFile,
                                          dependencyFile: request.dependencyFile)
        for scenario in scenarios where scenario == .sourceChange || scenario == .dependencyChange {
            guard let file = scenario.editedFile(in: project.scenarioFiles) else {
                throw ScenarioError.noFileToEdit(scenario: scenario.rawValue,
                                                 option: scenario == .sourceChange ? "--source-file" : "--dependency-file")
            }
            guard FileManager.default.fileExists(atPath: project.contextDirectory.appendingPathComponent(file).path) else {
                throw ScenarioError.fileMissing(scenario: scenario.rawValue, path: file)
            }
        }
        if scenarios.contains(.baseChange), !hasMirroredBase(project) {
            throw ScenarioError.baseNotMirrored(images: project.baseImages)
        }
        let order: PlanOrder = request.shuffled ? .shuffled(seed: request.seed ?? UInt64.random(in: 0...UInt64(UInt32.max))) : .fixed
        for spec in request.engines { try spec.validate() }
        _ = try UpstreamOverrides(parsing: request.upstreams)
        let plan = Plan(strategies: strategies, scenarios: scenarios, iterations: iterations, order: order, engines: request.engines)
        let databasePath = request.database ?? RunRequest.defaultDatabase(for: directory.path)
        try ResultStore.checkWritable(path: databasePath)  // a bad database file stops the run before any engine starts
        return Prepared(project: project, plan: plan, databasePath: databasePath)
    }

    /// The run's engines, ready to start: `--engine` as given, else the newest that can be had (fetched if need be).
    static func prepareEngines(_ request: RunRequest, cacheDirectory: String, runner: any ProcessRunner,
                               events: @escaping @Sendable (RunEvent) -> Void) async throws -> [EngineDistribution] {
        var specs = request.engines
        if specs.isEmpty {
            let found = await EngineAvailability.probe(cacheDirectory: cacheDirectory, mirror: request.mirror, runner: runner)
            guard let newest = EngineAvailability.newest(found) else {
                throw EngineSetupError.notInstalled(engine: EngineSpec.docker2010.name, program: "dockerd",
                                                    fix: "apt-get install -y docker.io, or `cachebench engine fetch docker-26.1`")
            }
            events(.note("engine: \(newest.name), the newest that can be had here (choose with --engine)"))
            specs = [newest]
        }
        var engines: [EngineDistribution] = []
        for spec in specs {
            engines.append(try await EngineCatalog.prepare(spec, cacheDirectory: cacheDirectory, mirror: request.mirror,
                                                           runner: runner) { events(.note($0)) })
        }
        return engines
    }

    /// Runs a prepared plan in a fresh sandbox. Returns the outcome and the store it wrote to.
    package static func execute(_ request: RunRequest, prepared: Prepared, runner: any ProcessRunner,
                                events: @escaping @Sendable (RunEvent) -> Void) async throws -> (RunOutcome, ResultStore) {
        let stamp = Int(Date().timeIntervalSince1970)
        let state = prepared.project.directory.appendingPathComponent(".cachebench/state/run-\(stamp)-\(getpid())")
        let options = try sandboxOptions(request, prepared: prepared, state: state)
        for site in ImageRouting.unknown(prepared.project.imageSites) {
            events(.note("\(site.written) (line \(site.startLine)): its registry depends on an ARG with no value before the build, so no pull-through cache serves it; the engines pull it themselves"))
        }
        let handOver = try claimFiles(prepared, state: state)
        defer { handOver.handOver() }
        events(.note("starting the sandbox registry (state in \(state.path))"))
        let keep = request.keepRegistry
        let stateToken = runner.supervisor.registerCleanup {
            if !keep { try? FileManager.default.removeItem(at: state) }
        }
        defer { runner.supervisor.deregisterCleanup(stateToken) }
        let sandbox = try await Sandbox.start(options: options, runner: runner) { events(.note($0)) }
        markInterrupted(sandbox.reclaimed)
        if let network = request.network, !network.isUnthrottled {
            events(.note("network \(network.summary): engines reach the registry through a throttling proxy at \(sandbox.registryAddress)"))
        }
        defer {
            if !keep {
                try? FileManager.default.removeItem(at: state)
                rmdir(state.deletingLastPathComponent().path)  // `.cachebench/state`, only when empty
            }
        }
        do {
            return try await benchmark(in: sandbox, request: request, prepared: prepared, state: state, options: options,
                                       handOver: handOver, runner: runner, events: events)
        } catch {
            await sandbox.stop()
            throw error
        }
    }

    /// The sandbox a run asks for: its state and cache directories, registry, network, package cache, the images
    /// its builds pull, and the upstream registries they come from.
    static func sandboxOptions(_ request: RunRequest, prepared: Prepared, state: URL) throws -> SandboxOptions {
        let upstreams = try UpstreamOverrides(parsing: request.upstreams)
        var options = SandboxOptions(stateDirectory: state.path,
                                     cacheDirectory: request.cacheDirectory ?? BaseImageStore.defaultCacheDirectory(),
                                     registryPort: request.registryPort, mirror: request.mirror,
                                     dockerCLI: request.dockerCLI, keepRegistry: request.keepRegistry,
                                     network: request.network, packageCache: request.packageCache,
                                     baseImages: pulledImages(prepared.project), upstream: upstreams.dockerHub)
        options.engineStorage = request.engineStorage
        options.registries = ImageRouting.registries(prepared.project.imageSites)
        options.registryUpstreams = upstreams.registries
        return options
    }

    /// Checks that no planted symlink redirects the run's own files, and notes the files the run may create.
    static func claimFiles(_ prepared: Prepared, state: URL) throws -> OwnedFiles {
        let ownState = prepared.project.directory.appendingPathComponent(".cachebench")
        try PlantedSymlink.check([state.path, ownState.appendingPathComponent("logs").path, prepared.databasePath],
                                 within: prepared.project.directory.path)
        var owned = OwnedFiles()
        owned.expect(creating: prepared.databasePath)
        owned.expect(["-wal", "-shm", "-journal"].map { prepared.databasePath + $0 })
        owned.expect(creating: state.deletingLastPathComponent().path)  // `.cachebench/state` and `.cachebench`
        return owned
    }

    /// Inside the started sandbox: the engines, the database, the run row, the builds; then the sandbox is stopped.
    static func benchmark(in sandbox: Sandbox, request: RunRequest, prepared: Prepared, state: URL, options: SandboxOptions,
                          handOver: OwnedFiles, runner: any ProcessRunner,
                          events: @escaping @Sendable (RunEvent) -> Void) async throws -> (RunOutcome, ResultStore) {
        // After the sandbox's prerequisites (root first), before the database: a refused engine leaves nothing.
        let engines = try await prepareEngines(request, cacheDirectory: options.cacheDirectory, runner: runner, events: events)
        var prepared = prepared
        let asked = prepared.plan
        prepared.plan = Plan(strategies: asked.strategies, scenarios: asked.chain, iterations: asked.iterations, order: asked.order,
                             engines: engines.map(\.spec))
        // Opened only once the engine side is known to work, so a refused run leaves no database behind.
        let store = try ResultStore(path: prepared.databasePath)
        handOver.handOver()
        var plan = prepared.plan
        var resumed: RunRecord?
        if let id = request.resume { (resumed, plan) = try remaining(of: id, plan: plan, store: store) }
        var recorded = recordedOptions(request, prepared: prepared)
        (recorded["pullThroughImages"], recorded["unservedImages"]) = routedImages(prepared.project, sandbox: sandbox, events: events)
        let settings = RunSettings(project: prepared.project, plan: plan,
                                   workDirectory: state.appendingPathComponent("work"),
                                   options: recorded, phaseTimeout: request.phaseTimeout,
                                   excludedPaths: ownPaths(database: store.path, state: state, cache: options.cacheDirectory),
                                   engines: engines)
        let benchmark = BenchmarkRunner(settings: settings, engine: sandbox, store: store, runner: runner, events: events)
        let run = try resumed ?? benchmark.startRun()
        sandbox.attach(database: store.path, runId: run.id!)
        let token = runner.supervisor.registerCleanup { try? store.finishRun(id: run.id!, status: .interrupted) }
        defer { runner.supervisor.deregisterCleanup(token) }
        events(.note("run \(run.id!): \(plan.builds.count) builds\(resumed == nil ? "" : " left to finish"), registry \(sandbox.registryAddress), db \(store.path)"))
        let outcome = try await watched(benchmark, run: run, cacheDirectory: options.cacheDirectory, sandbox: sandbox)
        await recordPackageCache(sandbox, store: store, runId: run.id!, events: events)
        await sandbox.stop()
        return (outcome, store)
    }

    /// Runs the builds while watching for other cachebench runs on the machine; a run that throws is marked
    /// `interrupted` (cancelled) or `failed`.
    static func watched(_ benchmark: BenchmarkRunner, run: RunRecord, cacheDirectory: String, sandbox: Sandbox) async throws -> RunOutcome {
        let watch = SharedMachineWatch()
        watch.start(records: SandboxRecords(cacheDirectory: cacheDirectory), ownNamespace: sandbox.namespace.name)
        do {
            let outcome = try await benchmark.run(run)
            recordSharedMachine(watch, store: benchmark.store, runId: run.id!, events: benchmark.events)
            return outcome
        } catch {
            _ = watch.stop()
            // Cancelled (a signal stopped the run): whatever failed under it, the run was interrupted.
            let cancelled = error is CancellationError || Task.isCancelled
            try? benchmark.store.finishRun(id: run.id!, status: cancelled ? .interrupted : .failed)
            throw cancelled ? CancellationError() : error
        }
    }

    /// The request that finishes stored run `id`: its project, strategies, scenarios, iterations and order,
    /// as the run recorded them. Only an `interrupted` run can be resumed.
    package static func resuming(_ request: RunRequest) throws -> RunRequest {
        guard let id = request.resume else { return request }
        let database = request.database ?? RunRequest.defaultDatabase(for: request.directory)
        guard FileManager.default.fileExists(atPath: database) else { throw ResumeError.noRun(id: id, database: database) }
        let store = try ResultStore(path: database)
        let run: RunRecord
        do {
            run = try store.run(id: id)
        } catch StoreError.noSuchRun {
            throw ResumeError.noRun(id: id, database: database)
        }
        guard run.status == .interrupted else { throw ResumeError.notInterrupted(id: id, status: run.status.rawValue) }
        let options = run.options
        var resumed = request
        resumed.directory = run.project
        resumed.database = database
        resumed.strategies = options["strategies"]?.split(separator: ",").map(String.init)
        resumed.scenarios = options["scenarios"]?.split(separator: ",").map(String.init)
        resumed.iterations = options["iterations"].flatMap(Int.init)
        resumed.shuffled = options["order"] != "fixed"
        resumed.seed = options["seed"].flatMap(UInt64.init)
        if let engines = options["engines"] {
            resumed.engines = try engines.split(separator: ",").map { try EngineSpec(parsing: String($0)) }
        }
        return resumed
    }

    /// The builds of `plan` whose chain (a strategy in an iteration) did not finish in stored run `id`.
    /// Those chains' stored builds are deleted: each re-runs from its cold build, against a fresh registry,
    /// since a chain's registry state is not trusted after an interruption. Finished chains are kept.
    static func remaining(of id: Int64, plan: Plan, store: ResultStore) throws -> (RunRecord, Plan) {
        struct Chain: Hashable { var iteration: Int, strategy: String, engine: String? }
        let run = try store.run(id: id)
        var positions: [Chain: Set<Int>] = [:]
        for detail in try store.builds(runId: id) {
            let build = detail.build
            positions[Chain(iteration: build.iteration, strategy: build.strategy, engine: build.engine), default: []]
                .insert(build.chainPosition)
        }
        let complete = Set(positions.filter { $0.value.count == plan.chain.count }.keys)
        func chain(_ planned: PlannedBuild) -> Chain {
            Chain(iteration: planned.iteration, strategy: planned.strategy.id, engine: planned.engine?.name)
        }
        var left = plan
        left.builds = plan.builds.filter { !complete.contains(chain($0)) }
        guard !left.builds.isEmpty else { throw ResumeError.nothingLeft(id: id) }
        for cut in Set(left.builds.map(chain)) where positions[cut] != nil {
            try store.deleteChain(runId: id, iteration: cut.iteration, strategy: cut.strategy, engine: cut.engine)
        }
        try store.reopenRun(id: id)
        return (run, left)
    }

    /// Runs of killed cachebench processes whose leftovers a sandbox start just cleaned up: `interrupted`.
    package static func markInterrupted(_ records: [SandboxRecord]) {
        for record in records {
            guard let database = record.database, let runId = record.runId,
                  FileManager.default.fileExists(atPath: database),
                  let store = try? ResultStore(path: database),
                  (try? store.run(id: runId))?.status == .running else { continue }
            try? store.finishRun(id: runId, status: .interrupted)
        }
    }

    /// cachebench's own files, as real paths, which a context copy must leave out wherever they lie.
    static func ownPaths(database: String, state: URL, cache: String) -> [String] {
        let db = URL(fileURLWithPath: database)
        return ([db] + ["-wal", "-shm", "-journal"].map { URL(fileURLWithPath: database + $0) } + [state, URL(fileURLWithPath: cache)])
            .map { ContainedPath.resolved($0) }
    }

    /// What the sandbox must serve: the bases, and the images `COPY --from` and `RUN --mount=from=` name (Docker Hub's
    /// too: a Debian tag is seeded, another comes through Docker Hub's cache), when their ARGs have values.
    static func pulledImages(_ project: Project) -> [String] {
        var images = project.baseImages
        for site in project.imageSites where site.kind != .from && site.isResolved && !images.contains(site.expanded) {
            images.append(site.expanded)
        }
        return images
    }

    /// Which images of other registries come through which pull-through cache, and which no cache serves (the engines
    /// pull them themselves), as the run stores them (and says so on stderr); nil when there are none.
    static func routedImages(_ project: Project, sandbox: Sandbox,
                             events: @Sendable (RunEvent) -> Void) -> (routed: String?, unserved: String?) {
        let routes = sandbox.registryRoutes
        for route in routes {
            events(.note("pull-through cache of \(route.registry): \(route.address), from \(route.upstream)"))
        }
        let rewrite = ImageRouting.rewrite(project, routes: routes)
        for site in rewrite?.unreplaced ?? [] {
            events(.note("\(site.written) (line \(site.startLine)) is not one plain word in the Dockerfile, so it is not sent to the pull-through cache; the engines pull it themselves"))
        }
        return (ImageRouting.summary(rewrite, routes: routes), ImageRouting.unserved(project.imageSites, rewrite: rewrite))
    }

    /// base-change can only re-point images that the sandbox mirror serves.
    static func hasMirroredBase(_ project: Project) -> Bool {
        project.baseImages.contains { BaseImageChange.mirrorPath(of: $0) != nil }
    }

    static func recordedOptions(_ request: RunRequest, prepared: Prepared) -> [String: String] {
        let project = prepared.project
        let dockerfile = project.dockerfile.path.hasPrefix(project.directory.path + "/")
            ? String(project.dockerfile.path.dropFirst(project.directory.path.count + 1)) : project.dockerfile.path
        var options: [String: String] = [
            "strategies": prepared.plan.strategies.map(\.id).joined(separator: ","),
            "scenarios": prepared.plan.chain.map(\.rawValue).joined(separator: ","),
            "iterations": String(prepared.plan.iterations),
            "image": project.image,
            "dockerfile": dockerfile,
            "cacheStages": project.cacheStages.joined(separator: ","),
        ]
        options["sourceFile"] = project.scenarioFiles.sourceFile
        options["dependencyFile"] = project.scenarioFiles.dependencyFile
        options["target"] = project.target
        options["network"] = request.network?.summary
        options["packageCache"] = request.packageCache.summary
        options["order"] = prepared.plan.order.name
        options["seed"] = prepared.plan.order.seed.map(String.init)
        if !prepared.plan.engines.isEmpty { options["engines"] = prepared.plan.engines.map(\.name).joined(separator: ",") }
        options["purpose"] = request.purpose
        options["upstream"] = try? UpstreamOverrides(parsing: request.upstreams).summary
        // Only when it differs from what a runner has: older runs, which lack the key, were on disk.
        if request.engineStorage != .disk { options["engineStorage"] = request.engineStorage.rawValue }
        return options
    }
}
