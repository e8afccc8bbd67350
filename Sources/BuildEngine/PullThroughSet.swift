/// Starts a run's pull-through caches: Docker Hub's (reached as the engines' mirror) and one per other
/// registry's upstream. One cache per upstream: a registry whose upstream already has a cache shares it.
/// Under a network profile each cache sits behind a throttling proxy that shares the registry proxy's link.
final class PullThroughSet {
    let options: SandboxOptions
    let tempRoot: String
    let executable: String
    let namespace: NetworkNamespace
    let linkProxy: ThrottlingProxy?
    let runner: any ProcessRunner
    let progress: @Sendable (String) -> Void
    private(set) var dockerHub: (cache: PullThroughCache, proxy: ThrottlingProxy?)?
    private(set) var registries: [RegistryCache] = []
    /// Every cache started, by upstream key, with its proxy.
    private var started: [String: (cache: PullThroughCache, proxy: ThrottlingProxy?)] = [:]

    init(options: SandboxOptions, tempRoot: String, executable: String, namespace: NetworkNamespace,
         linkProxy: ThrottlingProxy?, runner: any ProcessRunner, progress: @escaping @Sendable (String) -> Void) {
        self.options = options; self.tempRoot = tempRoot; self.executable = executable; self.namespace = namespace
        self.linkProxy = linkProxy; self.runner = runner; self.progress = progress
    }

    func startDockerHub(_ upstream: PullThroughCache.Upstream) async throws {
        dockerHub = try await cache(for: upstream)
    }

    func start(registry: String, upstream: PullThroughCache.Upstream) async throws {
        let (cache, proxy) = try await cache(for: upstream)
        registries.append(RegistryCache(registry: registry, cache: cache, proxy: proxy))
    }

    /// The cache of `upstream`, started on first use.
    func cache(for upstream: PullThroughCache.Upstream) async throws -> (cache: PullThroughCache, proxy: ThrottlingProxy?) {
        if let existing = started[upstream.key] { return existing }
        let cache = try await PullThroughCache.start(
            upstream: upstream,
            directory: PullThroughCache.directory(for: upstream, cacheDirectory: options.cacheDirectory,
                                                  override: options.pullThroughDirectory),
            tempRoot: tempRoot, executable: executable, namespace: namespace, runner: runner, progress: progress)
        var proxy: ThrottlingProxy?
        do {
            // Bases from the cache cross the runner's link too, sharing its bandwidth with the registry's traffic.
            if let linkProxy {
                proxy = try ThrottlingProxy(upstreamPort: cache.registry.port, profile: linkProxy.profile, namespace: namespace,
                                            sharingLinkWith: linkProxy)
            }
        } catch {
            await cache.stop(runner: runner)
            throw error
        }
        started[upstream.key] = (cache, proxy)
        return (cache, proxy)
    }

    /// Stops whatever was started (a failed sandbox start).
    func stopAll() async {
        for (cache, proxy) in started.values {
            proxy?.stop()
            await cache.stop(runner: runner)
        }
        started = [:]
    }

    /// Stops a sandbox's caches and their proxies, each shared one once.
    static func stop(dockerHub: PullThroughCache?, dockerHubProxy: ThrottlingProxy?, registries: [RegistryCache],
                     runner: any ProcessRunner) async {
        var stopped: Set<ObjectIdentifier> = []
        for (cache, proxy) in [(dockerHub, dockerHubProxy)] + registries.map({ ($0.cache, $0.proxy) }) {
            guard let cache, stopped.insert(ObjectIdentifier(cache)).inserted else { continue }
            proxy?.stop()
            await cache.stop(runner: runner)
        }
    }
}
