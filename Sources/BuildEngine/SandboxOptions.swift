import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where and how the sandbox runs.
package struct SandboxOptions: Sendable {
    /// The run's state directory: registry config, log and storage.
    package var stateDirectory: String
    /// Shared cache (base image): see `BaseImageStore.defaultCacheDirectory`.
    package var cacheDirectory: String
    package var registryPort: Int?
    package var mirror: String?
    package var dockerCLI: String?
    /// Keep the run's registry storage after the run (it is deleted by default: images are large).
    package var keepRegistry: Bool
    /// The emulated network between engines and the registry; nil or unthrottled = plain loopback.
    package var network: NetworkProfile?
    /// `--package-cache`: the builds' http downloads through the run's caching proxy (see `PackageCacheProxy`).
    package var packageCache: PackageCacheMode
    /// Where the package cache's store is kept across runs; nil: `CACHE/package-cache`.
    package var packageCacheDirectory: String?
    /// The images the run's builds pull (`FROM`, `COPY --from`): Debian suites among them are seeded (only those), and the
    /// Docker Hub pull-through cache starts when another Hub image is among them. nil: not known (`engine up`),
    /// so bookworm is seeded and the pull-through cache started.
    package var baseImages: [String]?
    /// The registry the pull-through cache fetches from (`--upstream`); nil: Docker Hub.
    package var upstream: String?
    /// Where pull-through caches are kept across runs; nil: `CACHE/pull-through`.
    package var pullThroughDirectory: String?
    /// Registries other than Docker Hub that the builds pull from (`ghcr.io`, `quay.io`): each gets a pull-through
    /// cache, which the build's private Dockerfile names instead (Docker's mirrors serve Docker Hub names only).
    package var registries: [String] = []
    /// `--upstream REGISTRY=URL`: a stand-in for a registry; one that is not named is its own upstream over https.
    /// A registry named here gets its cache even when no base needs it (as an explicit `upstream` does).
    package var registryUpstreams: [String: String] = [:]
    /// Where each fresh engine keeps its images and cache (`--engine-storage`).
    package var engineStorage: EngineStorage = .disk

    /// The Debian suites to seed for this run.
    package var suites: [DebianSuite] {
        baseImages.map { BaseImageStore.suites(for: $0) } ?? [BaseImageStore.defaultSuite]
    }

    /// Whether the run needs the pull-through cache: an explicit upstream, unknown bases, or a Docker Hub
    /// base that neither a Debian suite nor a loaded archive (`archived`, as `seed-base` names them) serves.
    package func needsPullThrough(archived: [String] = []) -> Bool {
        guard upstream == nil, let images = baseImages else { return true }
        let served = Set(archived.compactMap(BaseReference.init))
        return images.contains { image in
            guard let reference = BaseReference(image), reference.isDockerHub else { return false }
            return DebianSuite.serving(reference: image) == nil && !served.contains(reference)
        }
    }

    /// The other registries that get a cache, each with its upstream: those the builds pull from and those
    /// `registryUpstreams` names, in that order.
    package func otherRegistries() throws -> [(host: String, upstream: PullThroughCache.Upstream)] {
        var hosts: [String] = []
        for host in registries.map({ $0.lowercased() }) + registryUpstreams.keys.sorted() where !hosts.contains(host) {
            hosts.append(host)
        }
        let overrides = UpstreamOverrides(registries: registryUpstreams)
        return try hosts.map { ($0, try overrides.upstream(forRegistry: $0)) }
    }

    package init(stateDirectory: String, cacheDirectory: String = BaseImageStore.defaultCacheDirectory(),
                 registryPort: Int? = nil, mirror: String? = nil, dockerCLI: String? = nil, keepRegistry: Bool = false,
                 network: NetworkProfile? = nil, packageCache: PackageCacheMode = .on, baseImages: [String]? = nil,
                 upstream: String? = nil) {
        self.packageCache = packageCache
        self.baseImages = baseImages
        self.upstream = upstream
        self.stateDirectory = stateDirectory
        self.cacheDirectory = cacheDirectory
        self.registryPort = registryPort
        self.mirror = mirror
        self.dockerCLI = dockerCLI
        self.keepRegistry = keepRegistry
        self.network = network
    }
}
