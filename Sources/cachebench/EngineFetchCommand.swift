import ArgumentParser
import BuildEngine
import Foundation

extension EngineCommand {
    /// `cachebench engine fetch [NAME]`: get an engine into the cache dir (docker-26.1), or check one that is
    /// already here (docker-20.10, path:DIR). Progress on stderr, the engine's binaries on stdout.
    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch docker-26.1 (Debian 13's packages, private apt state) into the cache dir, or check another engine.")

        @OptionGroup var common: Common
        @Argument(help: "docker-26.1 (default), docker-20.10 or path:DIR.") var name: String = EngineSpec.docker261.name
        @Option(help: "Debian mirror (default: the one your apt sources name).") var mirror: String?
        @Flag(help: "Fetch again even when a verified copy is there.") var force = false

        func validate() throws {
            try EngineSpec(parsing: name).validate()
        }

        func run() async throws {
            CacheBench.trapSignals()
            let spec = try EngineSpec(parsing: name)
            do {
                let engine: EngineDistribution
                if spec == .docker261 {
                    let fetched = try await DebianEngineFetcher(cacheDirectory: common.cacheDir, mirror: mirror)
                        .ensure(force: force, runner: CacheBench.runner, progress: Self.progress)
                    engine = fetched.distribution
                    print(Self.summary(fetched))
                } else {
                    engine = try await EngineCatalog.prepare(spec, cacheDirectory: common.cacheDir, runner: CacheBench.runner,
                                                             progress: Self.progress)
                    print("\(spec.name): nothing to fetch")
                }
                for line in Self.binaries(engine) { print(line) }
            } catch {
                throw error
            }
        }

        static let progress: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("\($0)\n".utf8)) }

        static func summary(_ fetched: DebianEngineFetcher.Fetched) -> String {
            let manifest = fetched.manifest
            let megabytes = String(format: "%.1f", Double(manifest.downloadBytes) / 1e6)
            let how = fetched.reused ? "reused, checksums match" : "fetched in \(String(format: "%.1f", manifest.fetchSeconds)) s"
            let packages = manifest.packages.map { "\($0.name) \($0.version)" }.joined(separator: ", ")
            return "docker-26.1 (\(how); \(megabytes) MB from \(manifest.mirror) \(manifest.suite): \(packages))"
        }

        static func binaries(_ engine: EngineDistribution) -> [String] {
            var lines = ["dockerd     \(engine.dockerd) \(engine.versions["dockerd"] ?? "")",
                         "containerd  \(engine.containerd ?? "-") \(engine.versions["containerd"] ?? "")",
                         "docker      \(engine.docker) \(engine.versions["docker"] ?? "")",
                         "buildx      \(engine.buildxPlugin ?? "-") \(engine.versions["buildx"] ?? "")"]
            if !engine.binDirectories.isEmpty {
                lines.append("PATH for dockerd starts with \(engine.binDirectories.joined(separator: ":"))")
            }
            return lines.map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }
}
