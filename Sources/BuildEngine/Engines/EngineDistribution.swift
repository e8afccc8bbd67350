import Foundation

/// An engine as data: the binaries to start, where dockerd must find its helpers, and how the CLI finds buildx.
///
/// To start it: run `dockerd` with `daemonEnvironment()` (its PATH puts `binDirectories` first, so dockerd
/// starts this distribution's containerd, containerd-shim-runc-v2 and docker-init), and run `docker` with
/// `clientEnvironment(dockerConfig:)` after `makeDockerConfig(at:)` (its `cli-plugins` holds buildx).
package struct EngineDistribution: Sendable, Equatable {
    package var spec: EngineSpec
    package var dockerd: String
    package var containerd: String?
    package var docker: String
    /// The `docker-buildx` plugin; nil when the engine has none (docker-20.10).
    package var buildxPlugin: String?
    /// Prepended to dockerd's PATH; empty for the system's engine.
    package var binDirectories: [String]
    /// What the binaries report (`dockerd`, `docker`, `containerd`, `buildx`), when known.
    package var versions: [String: String]

    package init(spec: EngineSpec, dockerd: String, containerd: String?, docker: String, buildxPlugin: String?,
                 binDirectories: [String], versions: [String: String] = [:]) {
        self.spec = spec; self.dockerd = dockerd; self.containerd = containerd; self.docker = docker
        self.buildxPlugin = buildxPlugin; self.binDirectories = binDirectories; self.versions = versions
    }

    init(spec: EngineSpec, layout: EngineLayout, versions: [String: String] = [:]) {
        self.init(spec: spec, dockerd: layout.dockerd, containerd: layout.containerd, docker: layout.docker,
                  buildxPlugin: layout.buildxPlugin, binDirectories: layout.binDirectories, versions: versions)
    }

    /// Debian 12's docker.io: dockerd and containerd from PATH (and the sbin dirs), the CLI at /usr/bin/docker.
    package static func system(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> EngineDistribution {
        let fix = "apt-get install -y docker.io"
        guard let dockerd = ExecutableLookup.find("dockerd", environment: environment) else {
            throw EngineSetupError.notInstalled(engine: "docker-20.10", program: "dockerd", fix: fix)
        }
        let docker = FileManager.default.isExecutableFile(atPath: "/usr/bin/docker")
            ? "/usr/bin/docker" : ExecutableLookup.find("docker", environment: environment)
        guard let docker else { throw EngineSetupError.notInstalled(engine: "docker-20.10", program: "docker", fix: fix) }
        return EngineDistribution(spec: .docker2010, dockerd: dockerd,
                                  containerd: ExecutableLookup.find("containerd", environment: environment),
                                  docker: docker, buildxPlugin: nil, binDirectories: [])
    }

    /// A user's own binaries in `directory` (see `EngineLayout` for where they may sit).
    package static func directory(_ directory: String) throws -> EngineDistribution {
        EngineDistribution(spec: .path(directory), layout: try EngineLayout.locate(in: directory, engine: "path:\(directory)"))
    }

    /// An engine with buildx keeps images in containerd (`features.containerd-snapshotter`): BuildKit's cache
    /// exporters and `--push` from the docker driver need that store; 20.10 has neither.
    var usesContainerdStore: Bool { buildxPlugin != nil }

    /// BuildKit is `docker build`'s default builder (Docker 23+, which needs the buildx plugin for it).
    package var buildKitIsDefault: Bool { buildxPlugin != nil }

    /// dockerd's environment: PATH with `binDirectories` first.
    package func daemonEnvironment(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        let inherited = ExecutableLookup.searchPath(environment)
        return ["PATH": (binDirectories + inherited.filter { !binDirectories.contains($0) }).joined(separator: ":")]
    }

    /// Creates `directory/cli-plugins/docker-buildx` (a symlink to the plugin) and returns `directory`, the
    /// CLI's DOCKER_CONFIG; nil when there is no buildx. buildx writes its state there: make one per run.
    @discardableResult
    package func makeDockerConfig(at directory: String) throws -> String? {
        guard let buildxPlugin else { return nil }
        let plugins = "\(directory)/cli-plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        let link = "\(plugins)/docker-buildx"
        try? FileManager.default.removeItem(atPath: link)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: buildxPlugin)
        return directory
    }

    /// The CLI's environment: DOCKER_CONFIG when there is one.
    package func clientEnvironment(dockerConfig: String?) -> [String: String] {
        dockerConfig.map { ["DOCKER_CONFIG": $0] } ?? [:]
    }

    /// containerd's shim runs `runc` from PATH: the distribution's own, else the system's (Debian 12's serves 26.1).
    func runtimeProblem(environment: [String: String] = ProcessInfo.processInfo.environment) -> EngineSetupError? {
        let path = daemonEnvironment(environment: environment)["PATH"] ?? ""
        if path.split(separator: ":").contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/runc") }) { return nil }
        return .notInstalled(engine: spec.name, program: "runc", fix: "apt-get install -y runc")
    }

    /// Runs each binary's version command; throws when dockerd, docker or buildx does not answer.
    /// `scratch` is a writable directory for a throwaway DOCKER_CONFIG.
    func probeVersions(scratch: String, runner: any ProcessRunner) async throws -> [String: String] {
        var versions: [String: String] = [:]
        versions["dockerd"] = try await version(Command(dockerd, ["--version"]), runner: runner) {
            EngineCapabilities.version(from: $0, after: "Docker version ")
        }
        versions["docker"] = try await version(Command(docker, ["--version"]), runner: runner) {
            EngineCapabilities.version(from: $0, after: "Docker version ")
        }
        if let containerd {
            // `containerd github.com/containerd/containerd 1.7.24~ds1 1.7.24~ds1-6+deb13u1`
            versions["containerd"] = try await version(Command(containerd, ["--version"]), runner: runner) { Self.word(2, of: $0) }
        }
        if let config = try makeDockerConfig(at: "\(scratch)/docker-config") {
            // `github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3`
            versions["buildx"] = try await version(Command(docker, ["buildx", "version"], environment: clientEnvironment(dockerConfig: config)),
                                                   runner: runner) { Self.word(1, of: $0) }
        }
        return versions
    }

    private func version(_ command: Command, runner: any ProcessRunner, parse: (String) -> String?) async throws -> String {
        let result = try await runner.run(command)
        guard result.succeeded, let version = parse(result.output) else {
            throw EngineSetupError.binaryDoesNotRun(command: command.shellLine, detail: "exit \(result.exitCode): \(result.tail(2))")
        }
        return version
    }

    static func word(_ index: Int, of output: String) -> String? {
        let words = output.split(whereSeparator: { $0 == " " || $0 == "\n" })
        return words.indices.contains(index) ? String(words[index]) : nil
    }
}
