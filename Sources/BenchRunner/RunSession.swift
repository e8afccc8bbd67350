import BuildEngine
import Foundation
import ResultStore

/// Documented exit codes of the `cachebench` command.
public enum CacheBenchExit: Int32, Sendable {
    /// Success.
    case success = 0
    /// Usage or environment error: the message says what to install or change.
    case usage = 1
    /// `compare` found a regression beyond the threshold.
    case regression = 2
    /// A build in the run failed; the run is still stored.
    case buildFailed = 3
}

/// What `cachebench run` was asked to do; nil means "from cachebench.yml, else the default".
public struct RunRequest: Sendable {
    public var directory: String
    public var configFile: String?
    public var strategies: [String]?
    public var scenarios: [String]?
    public var iterations: Int?
    public var sourceFile: String?
    public var dependencyFile: String?
    public var database: String?
    public var registryPort: Int?
    public var mirror: String?
    public var dockerCLI: String?
    public var keepRegistry: Bool
    public var cacheDirectory: String?
    /// `--network`: a named profile or RATE:LATENCY (see `NetworkProfile.parse`).
    public var network: NetworkProfile?
    /// `--phase-timeout`: seconds one command of a strategy may take.
    public var phaseTimeout: Double = 1800
    /// `--order`: shuffle strategies within each chain position (the default), or keep them as listed.
    public var shuffled = true
    /// `--seed`: the shuffle's seed; nil draws one, which the run prints and stores.
    public var seed: UInt64?
    /// `--engine`, in the order given; empty: the newest engine that can be had (`EngineAvailability.newest`).
    public var engines: [EngineSpec] = []
    /// Why the run was made, stored with its options: nil for a benchmark, `calibration` for `predict`'s cold builds.
    public var purpose: String?

    public init(directory: String, configFile: String? = nil, strategies: [String]? = nil, scenarios: [String]? = nil,
                iterations: Int? = nil, sourceFile: String? = nil, dependencyFile: String? = nil, database: String? = nil,
                registryPort: Int? = nil, mirror: String? = nil, dockerCLI: String? = nil, keepRegistry: Bool = false,
                cacheDirectory: String? = nil, network: NetworkProfile? = nil) {
        self.directory = directory; self.configFile = configFile; self.strategies = strategies; self.scenarios = scenarios
        self.iterations = iterations; self.sourceFile = sourceFile; self.dependencyFile = dependencyFile
        self.database = database; self.registryPort = registryPort; self.mirror = mirror; self.dockerCLI = dockerCLI
        self.keepRegistry = keepRegistry; self.cacheDirectory = cacheDirectory; self.network = network
    }

    /// `DIR/.cachebench/results.sqlite` unless `--db` says otherwise.
    public static func defaultDatabase(for directory: String) -> String {
        URL(fileURLWithPath: directory).standardizedFileURL.appendingPathComponent(".cachebench/results.sqlite").path
    }
}

/// `cachebench run` from request to stored run: resolve, plan, start the sandbox, run, stop everything.
public enum RunSession {
    public struct Prepared: Sendable {
        public var project: Project
        public var plan: Plan
        public var databasePath: String
    }

    /// Checks everything that does not need the engine: directory, Dockerfile, config, strategies, scenarios.
    public static func prepare(_ request: RunRequest) throws -> Prepared {
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
        let plan = Plan(strategies: strategies, scenarios: scenarios, iterations: iterations, order: order)
        return Prepared(project: project, plan: plan,
                        databasePath: request.database ?? RunRequest.defaultDatabase(for: directory.path))
    }

    /// Runs a prepared plan in a fresh sandbox. Returns the outcome and the store it wrote to.
    public static func execute(_ request: RunRequest, prepared: Prepared, runner: any ProcessRunner = SubprocessRunner(),
                               events: @escaping @Sendable (RunEvent) -> Void) async throws -> (RunOutcome, ResultStore) {
        let stamp = Int(Date().timeIntervalSince1970)
        let state = prepared.project.directory.appendingPathComponent(".cachebench/state/run-\(stamp)-\(getpid())")
        let options = SandboxOptions(stateDirectory: state.path,
                                     cacheDirectory: request.cacheDirectory ?? BaseImageStore.defaultCacheDirectory(),
                                     registryPort: request.registryPort, mirror: request.mirror,
                                     dockerCLI: request.dockerCLI, keepRegistry: request.keepRegistry,
                                     network: request.network)
        var owned = OwnedFiles()
        owned.expect(creating: prepared.databasePath)
        owned.expect(["-wal", "-shm", "-journal"].map { prepared.databasePath + $0 })
        owned.expect(creating: state.deletingLastPathComponent().path)  // `.cachebench/state` and `.cachebench`
        let handOver = owned
        defer { handOver.handOver() }
        events(.note("starting the sandbox registry (state in \(state.path))"))
        let keep = request.keepRegistry
        let stateToken = ChildProcesses.shared.registerCleanup {
            if !keep { try? FileManager.default.removeItem(at: state) }
        }
        defer { ChildProcesses.shared.deregisterCleanup(stateToken) }
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
            // Opened only once the engine side is known to work, so a refused run leaves no database behind.
            let store = try ResultStore(path: prepared.databasePath)
            handOver.handOver()
            let settings = RunSettings(project: prepared.project, plan: prepared.plan,
                                       workDirectory: state.appendingPathComponent("work"),
                                       options: recordedOptions(request, prepared: prepared), phaseTimeout: request.phaseTimeout,
                                       excludedPaths: ownPaths(database: store.path, state: state, cache: options.cacheDirectory))
            let benchmark = BenchmarkRunner(settings: settings, engine: sandbox, store: store, runner: runner, events: events)
            let run = try benchmark.startRun()
            sandbox.attach(database: store.path, runId: run.id!)
            let token = ChildProcesses.shared.registerCleanup { try? store.finishRun(id: run.id!, status: "interrupted") }
            defer { ChildProcesses.shared.deregisterCleanup(token) }
            events(.note("run \(run.id!): \(prepared.plan.builds.count) builds, registry \(sandbox.registryAddress), db \(store.path)"))
            let outcome: RunOutcome
            do {
                outcome = try await benchmark.run(run)
            } catch {
                try? store.finishRun(id: run.id!, status: error is CancellationError ? "interrupted" : "failed")
                throw error
            }
            await sandbox.stop()
            return (outcome, store)
        } catch {
            await sandbox.stop()
            throw error
        }
    }

    /// Runs of killed cachebench processes whose leftovers a sandbox start just cleaned up: `interrupted`.
    public static func markInterrupted(_ records: [SandboxRecord]) {
        for record in records {
            guard let database = record.database, let runId = record.runId,
                  FileManager.default.fileExists(atPath: database),
                  let store = try? ResultStore(path: database),
                  (try? store.run(id: runId))?.status == "running" else { continue }
            try? store.finishRun(id: runId, status: "interrupted")
        }
    }

    /// cachebench's own files, as real paths, which a context copy must leave out wherever they lie.
    static func ownPaths(database: String, state: URL, cache: String) -> [String] {
        let db = URL(fileURLWithPath: database)
        return ([db] + ["-wal", "-shm", "-journal"].map { URL(fileURLWithPath: database + $0) } + [state, URL(fileURLWithPath: cache)])
            .map { ContainedPath.resolved($0) }
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
        options["order"] = prepared.plan.order.name
        options["seed"] = prepared.plan.order.seed.map(String.init)
        options["purpose"] = request.purpose
        return options
    }
}
