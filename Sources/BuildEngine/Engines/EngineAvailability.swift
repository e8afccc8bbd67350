import Foundation

/// Whether an engine can be had on this machine, and if not, what to do.
package struct EngineAvailability: Sendable, Equatable {
    package enum State: Sendable, Equatable {
        /// Ready to start now.
        case ready
        /// Not here yet, but `fix` gets it without anything else (docker-26.1 before its first fetch).
        case fetchable
        /// Cannot be had until the user does `fix`.
        case unavailable
    }

    package var spec: EngineSpec
    package var state: State
    package var detail: String
    package var fix: String?

    /// docker-26.1 (from the cache dir, or fetchable from the mirror), then Docker 20.10 from the system: newest first.
    package static func probe(cacheDirectory: String, mirror: String? = nil,
                              runner: any ProcessRunner) async -> [EngineAvailability] {
        [await docker261(DebianEngineFetcher(cacheDirectory: cacheDirectory, mirror: mirror), runner: runner),
         await docker2010(runner: runner)]
    }

    /// The newest engine that is ready or fetchable: the default of `cachebench run`.
    package static func newest(_ engines: [EngineAvailability]) -> EngineSpec? {
        EngineSpec.builtIn.first { spec in engines.contains { $0.spec == spec && $0.state != .unavailable } }
    }

    static func docker2010(runner: any ProcessRunner) async -> EngineAvailability {
        do {
            let engine = try EngineDistribution.system()
            let version = try? await runner.run(Command(engine.dockerd, ["--version"]))
            let reported = version.flatMap { EngineCapabilities.version(from: $0.output, after: "Docker version ") } ?? "version unknown"
            return EngineAvailability(spec: .docker2010, state: .ready, detail: "\(engine.dockerd) \(reported) (no buildx)")
        } catch {
            return EngineAvailability(spec: .docker2010, state: .unavailable, detail: describe(error), fix: "apt-get install -y docker.io")
        }
    }

    static func docker261(_ fetcher: DebianEngineFetcher, runner: any ProcessRunner) async -> EngineAvailability {
        let fix = "cachebench engine fetch docker-26.1"
        do {
            if let fetched = try await fetcher.installed(runner: runner) {
                if let problem = fetched.distribution.runtimeProblem() { throw problem }
                let versions = ["dockerd", "containerd", "buildx"].map { "\($0) \(fetched.manifest.versions[$0] ?? "?")" }
                return EngineAvailability(spec: .docker261, state: .ready,
                                          detail: "\(versions.joined(separator: ", ")) in \(fetcher.installDirectory)")
            }
            try fetcher.checkPrerequisites()
        } catch {
            return EngineAvailability(spec: .docker261, state: .unavailable, detail: describe(error), fix: fix)
        }
        if let problem = await mirrorProblem(fetcher, runner: runner) {
            return EngineAvailability(spec: .docker261, state: .unavailable, detail: problem,
                                      fix: "check `curl -sI \(fetcher.mirror)/dists/\(DebianEngineFetcher.suite)/InRelease`, then \(fix) --mirror URL")
        }
        return EngineAvailability(spec: .docker261, state: .fetchable,
                                  detail: "not fetched yet: `\(fix)` gets it from \(fetcher.mirror) \(DebianEngineFetcher.suite) (about 77 MB, once)", fix: fix)
    }

    /// Downloads the suite's InRelease (140 kB) with the system's apt-helper; nil when it arrives.
    static func mirrorProblem(_ fetcher: DebianEngineFetcher, runner: any ProcessRunner) async -> String? {
        guard let scratch = try? TempDirectory.make(prefix: "cb-mirror-") else { return nil }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let url = "\(fetcher.mirror)/dists/\(DebianEngineFetcher.suite)/InRelease"
        let command = Command("/usr/lib/apt/apt-helper", ["-o", "Acquire::Retries=0", "-o", "Acquire::http::Timeout=10",
                                                          "-o", "APT::Sandbox::User=root", "download-file", url, "\(scratch)/InRelease"])
        guard let result = try? await runner.run(command) else { return "cannot run /usr/lib/apt/apt-helper to reach \(url)" }
        if result.succeeded { return nil }
        return DebianEngineFetcher.failure(of: result, mirror: fetcher.mirror, keyring: fetcher.keyring).errorDescription
    }

    static func describe(_ error: any Error) -> String {
        (error as? LocalizedError)?.errorDescription ?? "\(error)"
    }

    /// `cachebench doctor` lines: one per engine, then which one runs by default.
    package static func doctorChecks(_ engines: [EngineAvailability]) -> [DoctorCheck] {
        var checks = engines.map { engine in
            DoctorCheck(name: "engine \(engine.spec.name)", ok: engine.state != .unavailable,
                        detail: engine.state == .fetchable ? "can be fetched: \(engine.detail)" : engine.detail,
                        fix: engine.state == .ready ? nil : engine.fix, required: false)
        }
        let newest = newest(engines)
        let only2010 = newest == .docker2010
        let fix261 = engines.first { $0.spec == .docker261 }?.fix
        checks.append(DoctorCheck(
            name: "default engine", ok: newest == .docker261,
            detail: newest.map { only2010
                ? "\($0.name) only: BuildKit cache export (registry-max, registry-min, local) needs docker-26.1"
                : $0.name } ?? "none can be had",
            fix: newest == .docker261 ? nil : fix261, required: false))
        return checks
    }
}
