import BuildEngine
import Foundation

/// What `cachebench run` was asked to do; nil means "from cachebench.yml, else the default".
package struct RunRequest: Sendable {
    package var directory: String
    package var configFile: String?
    package var strategies: [String]?
    package var scenarios: [String]?
    package var iterations: Int?
    package var sourceFile: String?
    package var dependencyFile: String?
    package var database: String?
    package var registryPort: Int?
    package var mirror: String?
    package var dockerCLI: String?
    package var keepRegistry: Bool
    package var cacheDirectory: String?
    /// `--network`: a named profile or RATE:LATENCY (see `NetworkProfile.parse`).
    package var network: NetworkProfile?
    /// `--resume RUN`: finish that interrupted run instead of starting a new one (see `RunSession.resuming`).
    package var resume: Int64?
    /// `--package-cache`: the builds' http downloads through the run's caching proxy, or the real internet.
    package var packageCache: PackageCacheMode = .on
    /// `--phase-timeout`: seconds one command of a strategy may take.
    package var phaseTimeout: Double = 1800
    /// `--order`: shuffle strategies within each chain position (the default), or keep them as listed.
    package var shuffled = true
    /// `--seed`: the shuffle's seed; nil draws one, which the run prints and stores.
    package var seed: UInt64?
    /// `--engine`, in the order given; empty: the newest engine that can be had (`EngineAvailability.newest`).
    package var engines: [EngineSpec] = []
    /// `--upstream`, each value as given: a bare URL stands in for Docker Hub, `REGISTRY=URL` for another registry
    /// (see `UpstreamOverrides`); empty: every registry is its own upstream.
    package var upstreams: [String] = []
    /// `--engine-storage`: each fresh engine on disk (as on a CI runner) or on a tmpfs of its own.
    package var engineStorage: EngineStorage = .disk
    /// Why the run was made, stored with its options: nil for a benchmark, `calibration` for `predict`'s cold builds.
    package var purpose: String?

    package init(directory: String, engines: [EngineSpec] = [], configFile: String? = nil, strategies: [String]? = nil, scenarios: [String]? = nil,
                 iterations: Int? = nil, sourceFile: String? = nil, dependencyFile: String? = nil, database: String? = nil,
                 registryPort: Int? = nil, mirror: String? = nil, dockerCLI: String? = nil, keepRegistry: Bool = false,
                 cacheDirectory: String? = nil, network: NetworkProfile? = nil) {
        self.directory = directory; self.engines = engines; self.configFile = configFile; self.strategies = strategies; self.scenarios = scenarios
        self.iterations = iterations; self.sourceFile = sourceFile; self.dependencyFile = dependencyFile
        self.database = database; self.registryPort = registryPort; self.mirror = mirror; self.dockerCLI = dockerCLI
        self.keepRegistry = keepRegistry; self.cacheDirectory = cacheDirectory; self.network = network
    }

    /// `DIR/.cachebench/results.sqlite` unless `--db` says otherwise.
    package static func defaultDatabase(for directory: String) -> String {
        URL(fileURLWithPath: directory).standardizedFileURL.appendingPathComponent(".cachebench/results.sqlite").path
    }
}
