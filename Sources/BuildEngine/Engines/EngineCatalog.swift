import Foundation

/// From an `--engine` choice to binaries that can start: the one call a run makes per engine.
package enum EngineCatalog {
    /// The system's engine, the fetched (or now fetched) docker-26.1, or a user's directory, with versions.
    package static func prepare(_ spec: EngineSpec, cacheDirectory: String, mirror: String? = nil,
                                runner: any ProcessRunner,
                                progress: @escaping @Sendable (String) -> Void) async throws -> EngineDistribution {
        let engine = try await distribution(spec, cacheDirectory: cacheDirectory, mirror: mirror, runner: runner, progress: progress)
        if let problem = engine.runtimeProblem() { throw problem }
        return engine
    }

    static func distribution(_ spec: EngineSpec, cacheDirectory: String, mirror: String?, runner: any ProcessRunner,
                             progress: @escaping @Sendable (String) -> Void) async throws -> EngineDistribution {
        switch spec {
        case .docker2010:
            return try EngineDistribution.system()
        case .docker261:
            return try await DebianEngineFetcher(cacheDirectory: cacheDirectory, mirror: mirror)
                .ensure(runner: runner, progress: progress).distribution
        case .path(let directory):
            var engine = try EngineDistribution.directory(directory)
            let scratch = try TempDirectory.make(prefix: "cb-engine-")
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            engine.versions = try await engine.probeVersions(scratch: scratch, runner: runner)
            return engine
        }
    }
}
