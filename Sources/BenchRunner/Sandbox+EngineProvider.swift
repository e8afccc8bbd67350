import BenchAnalysis
import BuildEngine
import BuildLogParsing
import Foundation

extension Sandbox: EngineProvider {
    package var engineStorage: EngineStorage { options.engineStorage }
    package var scratchParent: String? { tempRoot }
    package var ciCacheLink: CacheServiceLink { CacheServiceLink(profile: options.network, namespace: namespace) }

    package func expectNext(_ next: NextEngine) { expectNext(next, environment: ProcessInfo.processInfo.environment) }

    package func httpsConnections() async -> Int? {
        guard let packageCache else { return nil }
        return await packageCache.traffic(runner: runner)?.httpsConnections
    }

    package func confine(_ command: Command) -> Command { namespace.wrap(command, nsenter: capabilities.nsenter ?? "nsenter") }

    package func manifestLayers(repository: String, tag: String) -> [(digest: String, bytes: Int64)] {
        registry.layerSizes(of: repository, tag: tag)
    }

    package func registryUsage(repositoriesUnder prefix: String) -> RegistryUsage? {
        RegistryStorage.usage(root: registry.storageDirectory, repositoriesUnder: prefix)
    }

    package func registryBlobs(repositoriesUnder prefix: String) -> Set<String> {
        RegistryStorage.linkedBlobs(root: registry.storageDirectory, repositoriesUnder: prefix)
    }

    package func registryBlobBytes(_ digest: String) -> Int64? {
        RegistryStorage.blobBytes(root: registry.storageDirectory, digest: digest)
    }

    package func withEngine<T: Sendable>(_ body: (String, Double) async throws -> T) async throws -> T {
        try await withFreshEngine { engine in try await body(engine.host, engine.startupSeconds) }
    }

    /// The engine's DOCKER_CONFIG (buildx plugin, buildx state) lives and dies with the engine's directory.
    package func withEngine<T: Sendable>(_ distribution: EngineDistribution?, _ body: (FreshEngine) async throws -> T) async throws -> T {
        try await withFreshEngine(distribution) { engine in
            let config = try distribution?.makeDockerConfig(at: "\(engine.directory)/docker-config")
            return try await body(FreshEngine(host: engine.host, startupSeconds: engine.startupSeconds, dockerConfig: config))
        }
    }
}
