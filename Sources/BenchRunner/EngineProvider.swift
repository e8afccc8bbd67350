import BenchAnalysis
import BuildEngine
import BuildLogParsing
import DockerfileModel
import Foundation

/// Where builds run: a registry for the whole run and a fresh engine per build. `Sandbox` is the real one.
package protocol EngineProvider: Sendable {
    var registryAddress: String { get }
    /// Docker Hub mirrors after the registry (the run's pull-through cache), for engines configured here (buildah).
    var pullThroughMirrors: [String] { get }
    /// The pull-through caches of other registries, which the build's private Dockerfile names instead.
    var registryRoutes: [RegistryRoute] { get }
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
    /// The blobs (`sha256:HEX`) linked by the repositories at or below `prefix`; empty when none or unreadable.
    func registryBlobs(repositoriesUnder prefix: String) -> Set<String>
    /// The size of a blob (`sha256:HEX`) the registry holds; nil when it does not hold it or cannot be read.
    func registryBlobBytes(_ digest: String) -> Int64?
    /// Where fresh engines keep their storage; buildah's session follows it.
    var engineStorage: EngineStorage { get }
    /// The run's temp dir, which the clean-up of a killed run removes; buildah's session lives below it.
    /// nil: the system's temp dir.
    var scratchParent: String? { get }
    /// How a runner reaches the CI system's cache service (`type=local`'s restore and save): the run's network profile.
    var ciCacheLink: CacheServiceLink { get }
}

extension EngineProvider {
    /// Providers with one engine (test doubles) start it whatever the distribution.
    package func withEngine<T: Sendable>(_ distribution: EngineDistribution?, _ body: (FreshEngine) async throws -> T) async throws -> T {
        try await withEngine { host, startup in try await body(FreshEngine(host: host, startupSeconds: startup)) }
    }

    package func manifestLayers(repository: String, tag: String) -> [(digest: String, bytes: Int64)] { [] }
    func confine(_ command: Command) -> Command { command }
    package func deadDaemon() -> String? { nil }
    package func expectNext(_ next: NextEngine) {}
    package func httpsConnections() async -> Int? { nil }
    func registryUsage(repositoriesUnder prefix: String) -> RegistryUsage? { nil }
    func registryBlobs(repositoriesUnder prefix: String) -> Set<String> { [] }
    func registryBlobBytes(_ digest: String) -> Int64? { nil }
    package var pullThroughMirrors: [String] { [] }
    package var registryRoutes: [RegistryRoute] { [] }
    package var engineStorage: EngineStorage { .disk }
    var scratchParent: String? { nil }
    var ciCacheLink: CacheServiceLink { CacheServiceLink(profile: nil) }
}
