import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A run's private world: its own network namespace (with a user-mode uplink), its own registry for the
/// whole run, and a brand-new dockerd for every build, all inside that namespace. Nothing of the user's
/// own daemon, images, caches or host network is used or touched.
package final class Sandbox: Sendable {
    package let options: SandboxOptions
    package let capabilities: EngineCapabilities
    package let registry: RegistryServer
    /// The throttling proxy engines reach the registry through, when a network profile is set.
    package let proxy: ThrottlingProxy?
    /// The caching proxy for the builds' own http downloads; nil with `--package-cache off`.
    package let packageCache: PackageCacheProxy?
    /// The pull-through cache of Docker Hub (or `--upstream`), the engines' second mirror; nil when no base needs it.
    package let pullThrough: PullThroughCache?
    /// The throttling proxy engines reach the pull-through cache through, on the same emulated link as `proxy`.
    package let pullThroughProxy: ThrottlingProxy?
    /// The pull-through caches of other registries (`SandboxOptions.registries`), by registry host.
    package let registryCaches: [RegistryCache]
    package let runner: any ProcessRunner
    package let network: RunNetwork
    /// Runs whose owner had died and that this start cleaned up first.
    package let reclaimed: [SandboxRecord]
    let dockerd: String
    let cleanupToken: UUID
    /// The run's temp dir: engines, buildah sessions and logs live below it; a killed run's is removed whole.
    package let tempRoot: String
    let records: SandboxRecords
    private let state: SandboxState

    /// `127.0.0.1:PORT` as engines see it: the proxy's when the network is emulated, else the registry's.
    package var registryAddress: String { proxy?.address ?? registry.address }
    package var namespace: NetworkNamespace { network.namespace }
    /// The engines' mirrors after the sandbox registry: the pull-through cache, if any (through its proxy when the
    /// network is emulated).
    package var pullThroughMirrors: [String] { pullThrough.map { [pullThroughProxy?.address ?? $0.address] } ?? [] }
    /// Where the engines pull each other registry's images from, as the build's private Dockerfile names them.
    package var registryRoutes: [RegistryRoute] { registryCaches.map(\.route) }
    var storage: String { "\(options.stateDirectory)/registry-storage" }
    /// Where daemon logs are kept when a build fails because a daemon died: `.cachebench/logs`.
    package var logDirectory: String {
        ((options.stateDirectory as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent + "/logs"
    }

    /// Checks prerequisites, cleans up after killed runs, creates the namespace, seeds the base image
    /// if needed, starts the registry.
    package static func start(options: SandboxOptions, runner: any ProcessRunner,
                              progress: @escaping @Sendable (String) -> Void) async throws -> Sandbox {
        let capabilities = await EngineCapabilities.probe(runner: runner, dockerCLI: options.dockerCLI)
        if let problem = Preflight.blockingProblems(capabilities: capabilities).first { throw problem }
        try CacheDirectory.preparePrivate(options.cacheDirectory)
        let records = SandboxRecords(cacheDirectory: options.cacheDirectory)
        let reclaimed = records.reclaimOrphans()
        for record in reclaimed { progress("cleaned up after killed run in namespace \(record.namespace)") }
        let base = BaseImageStore(cacheDirectory: options.cacheDirectory, mirror: options.mirror)
        let archived = base.loadedArchives.flatMap(\.references)
        let upstream = try options.needsPullThrough(archived: archived) ? PullThroughCache.Upstream(options.upstream ?? PullThroughCache.dockerHub) : nil
        let otherRegistries = try options.otherRegistries()
        for suite in options.suites {
            try await base.ensureRootfs(suite, debootstrap: capabilities.debootstrap!, runner: runner, progress: progress)
        }
        try FileManager.default.createDirectory(atPath: options.stateDirectory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let storage = "\(options.stateDirectory)/registry-storage"
        let tempRoot = try TempDirectory.make(prefix: "cb-run-")
        var record = SandboxRecord(namespace: NetworkNamespace.fresh().name, tempRoot: tempRoot,
                                   registryStorage: options.keepRegistry ? nil : storage)
        do {
            try records.save(record)
        } catch {
            TempDirectory.remove(tempRoot)
            throw error
        }
        let snapshot = record
        let token = runner.supervisor.registerCleanup {
            SandboxRecords.reclaim(snapshot)
            records.remove(snapshot)
        }
        do {
            let network = try await RunNetwork.create(namespace: NetworkNamespace(name: record.namespace),
                                                      logDirectory: tempRoot, capabilities: capabilities, runner: runner)
            record.uplinkPid = network.slirp.pid
            record.uplinkStartTime = ProcessState.stat(network.slirp.pid)?.startTime
            try records.save(record)
            let started = try await startServices(options: options, capabilities: capabilities, base: base, storage: storage,
                                                  network: network, tempRoot: tempRoot, runner: runner, progress: progress)
            let caches = PullThroughSet(options: options, tempRoot: tempRoot, executable: capabilities.registry!,
                                        namespace: network.namespace, linkProxy: started.proxy, runner: runner, progress: progress)
            do {
                if let upstream { try await caches.startDockerHub(upstream) }
                for other in otherRegistries { try await caches.start(registry: other.host, upstream: other.upstream) }
            } catch {
                await caches.stopAll()
                started.proxy?.stop()
                await started.packageCache?.stop(runner: runner)
                await started.registry.stop()
                throw error
            }
            return Sandbox(options: options, capabilities: capabilities, registry: started.registry, proxy: started.proxy,
                           packageCache: started.packageCache, pullThrough: caches.dockerHub?.cache,
                           pullThroughProxy: caches.dockerHub?.proxy, registryCaches: caches.registries, runner: runner,
                           network: network, reclaimed: reclaimed, dockerd: capabilities.dockerd!,
                           cleanupToken: token, tempRoot: tempRoot, records: records, record: record)
        } catch {
            runner.supervisor.deregisterCleanup(token)
            SandboxRecords.reclaim(record)
            records.remove(record)
            throw error
        }
    }

    /// The seed (once per machine), the run's registry, the proxy and the package cache, inside the namespace.
    static func startServices(options: SandboxOptions, capabilities: EngineCapabilities, base: BaseImageStore,
                              storage: String, network: RunNetwork, tempRoot: String, runner: any ProcessRunner,
                              progress: @escaping @Sendable (String) -> Void) async throws
        -> (registry: RegistryServer, proxy: ThrottlingProxy?, packageCache: PackageCacheProxy?) {
        for suite in options.suites {
            try await base.ensureSeed(suite, capabilities: capabilities, namespace: network.namespace, tempRoot: tempRoot,
                                      runner: runner, progress: progress)
        }
        try? FileManager.default.removeItem(atPath: storage)
        try await base.install(suites: options.suites, into: storage, runner: runner)
        let registry = try await RegistryServer.start(stateDirectory: options.stateDirectory, storageDirectory: storage,
                                                      port: options.registryPort, executable: capabilities.registry!,
                                                      namespace: network.namespace, runner: runner)
        do {
            let profile = options.network.flatMap { $0.isUnthrottled ? nil : $0 }
            let proxy = try profile.map { try ThrottlingProxy(upstreamPort: registry.port, profile: $0, namespace: network.namespace) }
            do {
                let cache = try await PackageCacheProxy.start(options: options, tempRoot: tempRoot, namespace: network.namespace,
                                                              runner: runner, progress: progress)
                return (registry, proxy, cache)
            } catch {
                proxy?.stop()
                throw error
            }
        } catch {
            await registry.stop()
            throw error
        }
    }

    init(options: SandboxOptions, capabilities: EngineCapabilities, registry: RegistryServer, proxy: ThrottlingProxy?,
         packageCache: PackageCacheProxy? = nil, pullThrough: PullThroughCache? = nil, pullThroughProxy: ThrottlingProxy? = nil,
         registryCaches: [RegistryCache] = [], runner: any ProcessRunner, network: RunNetwork, reclaimed: [SandboxRecord], dockerd: String, cleanupToken: UUID,
         tempRoot: String, records: SandboxRecords, record: SandboxRecord) {
        self.options = options
        self.capabilities = capabilities
        self.registry = registry
        self.proxy = proxy
        self.packageCache = packageCache
        self.pullThrough = pullThrough
        self.pullThroughProxy = pullThroughProxy
        self.registryCaches = registryCaches
        self.runner = runner
        self.network = network
        self.reclaimed = reclaimed
        self.dockerd = dockerd
        self.cleanupToken = cleanupToken
        self.tempRoot = tempRoot
        self.records = records
        self.state = SandboxState(record: record)
    }

    /// Names the run in the record, so that a later clean-up marks it `interrupted`.
    package func attach(database: String, runId: Int64) {
        let record = state.update { $0.database = database; $0.runId = runId }
        try? records.save(record)
    }

    /// Runs `body` against a fresh dockerd with an empty data root, stopped and deleted afterwards
    /// whether `body` succeeds, throws or is cancelled.
    /// - Parameter distribution: the engine to start (see `DockerEngine.start`); nil: the system's dockerd and CLI.
    package func withFreshEngine<T: Sendable>(_ distribution: EngineDistribution? = nil,
                                              _ body: (DockerEngine) async throws -> T) async throws -> T {
        let engine = try await freshEngine(distribution)
        state.current = engine
        defer { state.current = nil }
        if case .engine(let next) = state.takeNext() { startSpare(next) }
        do {
            try await packageCache?.ensureRedirect(runner: runner)
            let value = try await body(engine)
            await engine.stopInBackground()
            return value
        } catch {
            await engine.stopInBackground()
            throw error
        }
    }

    /// Names the engine that the build after the next one needs: `withFreshEngine` then starts it beside the
    /// next build, at the lowest CPU priority, so that the build after waits for no start-up.
    /// `CACHEBENCH_PRESTART=off` turns this off (to measure what it saves).
    package func expectNext(_ next: NextEngine, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard environment["CACHEBENCH_PRESTART"] != "off" else { return }
        state.setNext(next)
    }

    /// The spare engine when it was started for `distribution` (back at normal priority), else a new one.
    /// A spare that did not come up (it may have starved beside a long build) is replaced by a new engine:
    /// only an engine started for the build itself can fail the build.
    func freshEngine(_ distribution: EngineDistribution?) async throws -> DockerEngine {
        if let spare = state.takeSpare() {
            if spare.key == SpareEngine.key(distribution), let engine = try? await spare.task.value {
                engine.raisePriority()
                return engine
            }
            TempDirectory.background { await (try? await spare.task.value)?.stop() }
        }
        return try await startEngine(distribution)
    }

    func startEngine(_ distribution: EngineDistribution?, lowPriority: Bool = false) async throws -> DockerEngine {
        guard let client = distribution?.docker ?? capabilities.legacyClient?.path else {
            throw EngineError.missingProgram(name: "docker", package: "docker.io")
        }
        // At low priority, readiness may wait for a long build to leave the CPU: no short deadline.
        return try await DockerEngine.start(registry: registryAddress, pullThrough: pullThroughMirrors,
                                            insecure: registryRoutes.map(\.address), client: client, dockerd: dockerd,
                                            distribution: distribution, namespace: namespace, parent: tempRoot,
                                            logDirectory: logDirectory, runner: runner, timeout: lowPriority ? 1800 : 60,
                                            lowPriority: lowPriority, storage: options.engineStorage)
    }

    func startSpare(_ distribution: EngineDistribution?) {
        let task = Task { try await startEngine(distribution, lowPriority: true) }
        state.setSpare(SpareEngine(key: SpareEngine.key(distribution), task: task))
    }

    /// Stops a spare engine that no build took.
    func stopSpare() async {
        guard let spare = state.takeSpare() else { return }
        await (try? await spare.task.value)?.stop()
    }

    /// Why the last build could not have worked, when a daemon died under it: the registry or the
    /// build's dockerd. Their logs are copied into `logDirectory` and named in the message.
    package func deadDaemon() -> String? {
        if !registry.process.isRunning {
            let kept = keep(log: registry.process.logPath, as: "registry")
            return EngineError.daemonDied(what: "the registry", logTail: registry.process.logTail(), logPath: kept).localizedDescription
        }
        if let engine = state.current, !engine.process.isRunning {
            let kept = keep(log: engine.process.logPath, as: "dockerd")
            return EngineError.daemonDied(what: "dockerd", logTail: engine.process.logTail(), logPath: kept).localizedDescription
        }
        return nil
    }

    func keep(log: String, as name: String) -> String {
        KeptLog.keep(log, as: name, in: logDirectory) ?? log
    }

    /// Stops the registry, deletes the namespace (and all in it), the temp root and (unless kept) the storage.
    package func stop() async {
        await stopSpare()
        proxy?.stop()
        await packageCache?.stop(runner: runner)
        await PullThroughSet.stop(dockerHub: pullThrough, dockerHubProxy: pullThroughProxy, registries: registryCaches,
                                  runner: runner)
        await registry.stop()
        // Engines still shutting down live in the namespace: let them finish before it goes.
        await Task.detached { TempDirectory.waitForBackgroundRemovals() }.value
        await network.destroy()
        TempDirectory.remove(tempRoot)
        if !options.keepRegistry { try? FileManager.default.removeItem(atPath: storage) }
        records.remove(state.record)
        runner.supervisor.deregisterCleanup(cleanupToken)
    }
}
