import Foundation

/// What this machine offers cachebench, probed rather than assumed.
package struct EngineCapabilities: Sendable, Codable, Equatable {
    package var clients: [DockerClient]
    package var dockerd: String?
    package var dockerdVersion: String?
    package var registry: String?
    package var registryVersion: String?
    package var buildah: String?
    package var buildahVersion: String?
    package var debootstrap: String?
    /// iproute2's `ip`, util-linux's `nsenter` and `slirp4netns`: the run's own network namespace.
    package var ip: String?
    package var nsenter: String?
    package var slirp4netns: String?
    /// Debian's `squid` and `iptables`: the package cache (`--package-cache on`).
    package var squid: String?
    package var iptables: String?

    /// The client for legacy-builder strategies (any working client; Debian's own preferred).
    package var legacyClient: DockerClient? { clients.first }
    /// The first client that can run BuildKit builds.
    package var buildKitClient: DockerClient? { clients.first(where: \.buildKit) }
    /// The first client with buildx.
    package var buildxClient: DockerClient? { clients.first(where: \.buildx) }

    /// Probes `--docker-cli` (when given) or every `docker` on PATH plus Debian's `/usr/bin/docker`.
    package static func probe(runner: any ProcessRunner, dockerCLI: String? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment) async -> EngineCapabilities {
        let candidates: [String]
        if let dockerCLI {
            candidates = [dockerCLI]
        } else {
            // Debian's 20.10 client first: it speaks BuildKit without buildx and matches the daemon.
            candidates = ["/usr/bin/docker"] + ExecutableLookup.all(named: "docker", environment: environment)
        }
        var clients: [DockerClient] = []
        var seen = Set<String>()
        for path in candidates {
            let real = (path as NSString).resolvingSymlinksInPath
            guard FileManager.default.isExecutableFile(atPath: path), seen.insert(real).inserted else { continue }
            guard let versionRun = try? await runner.run(Command(path, ["--version"])), versionRun.succeeded else { continue }
            let version = Self.version(from: versionRun.output, after: "Docker version ") ?? "unknown"
            let buildKit = (try? await runner.run(Command(path, ["build", "--help"], environment: ["DOCKER_BUILDKIT": "1"])))?.succeeded ?? false
            let buildx = (try? await runner.run(Command(path, ["buildx", "version"])))?.succeeded ?? false
            clients.append(DockerClient(path: path, version: version, buildKit: buildKit, buildx: buildx))
        }
        var caps = EngineCapabilities(clients: clients)
        caps.dockerd = ExecutableLookup.find("dockerd", environment: environment)
        if let dockerd = caps.dockerd, let run = try? await runner.run(Command(dockerd, ["--version"])), run.succeeded {
            caps.dockerdVersion = Self.version(from: run.output, after: "Docker version ")
        }
        caps.registry = ExecutableLookup.find("docker-registry", environment: environment)
        if let registry = caps.registry, let run = try? await runner.run(Command(registry, ["--version"])), run.succeeded {
            caps.registryVersion = run.output.split(separator: " ").last.map(String.init)
        }
        caps.buildah = ExecutableLookup.find("buildah", environment: environment)
        if let buildah = caps.buildah, let run = try? await runner.run(Command(buildah, ["--version"])), run.succeeded {
            caps.buildahVersion = Self.version(from: run.output, after: "buildah version ")
        }
        caps.debootstrap = ExecutableLookup.find("debootstrap", environment: environment)
        caps.ip = ExecutableLookup.find("ip", environment: environment)
        caps.nsenter = ExecutableLookup.find("nsenter", environment: environment)
        caps.slirp4netns = ExecutableLookup.find("slirp4netns", environment: environment)
        caps.squid = ExecutableLookup.find("squid", environment: environment)
        caps.iptables = ExecutableLookup.find("iptables", environment: environment)
        return caps
    }

    package init(clients: [DockerClient] = []) { self.clients = clients }

    /// The word after `marker`, without a trailing comma.
    static func version(from output: String, after marker: String) -> String? {
        guard let range = output.range(of: marker) else { return nil }
        let rest = output[range.upperBound...]
        return rest.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," }).first.map(String.init)
    }
}
