import ArgumentParser
import BenchRunner
import BuildEngine

/// The engines a run or a prediction's calibration builds on and the sandbox around them, shared by `run` and
/// `predict`.
struct EngineOptions: ParsableArguments {
    @Option(name: .customLong("engine"), help: "Engine to build on: docker-26.1, docker-20.10 or path:DIR (default: the newest that can be had). run takes it more than once.")
    var engines: [String] = []

    @Option(help: "Fixed port for the sandbox registry on 127.0.0.1 (default: a free one).")
    var registryPort: Int?

    @Option(help: "Debian mirror for debootstrap and for fetching docker-26.1 (default: the one your apt sources name).")
    var mirror: String?

    @Option(help: "Docker CLI to use instead of probing.")
    var dockerCli: String?

    @Option(help: "Seconds one command of a strategy (a build, pull or push) may run before it is stopped and its build stored as failed (default: 1800).")
    var phaseTimeout: Double = 1800

    @Option(help: ArgumentHelp("Where bases other than debian:12/13 (and -slim) are pulled from, once, through a cache kept in ~/.cache/cachebench/pull-through: URL stands in for Docker Hub (default: Docker Hub), REGISTRY=URL for another registry (default: https://REGISTRY). Repeatable.", valueName: "URL|REGISTRY=URL"))
    var upstream: [String] = []

    @Option(help: ArgumentHelp("Where each fresh engine keeps images and cache: disk (as on a CI runner) or memory (a tmpfs per engine: no disk noise, faster builds, needs RAM).", valueName: "disk|memory"))
    var engineStorage: EngineStorage = .disk

    func validate() throws {
        if !(phaseTimeout > 0) { throw ValidationError("--phase-timeout must be a positive number of seconds.") }
        if let registryPort, !(1...65535).contains(registryPort) { throw ValidationError("--registry-port must be 1-65535.") }
        // An engine error, not a ValidationError: cachebench's own message and exit 1 (the name may be fine, the
        // engine is not here).
        for name in engines { try EngineSpec(parsing: name).validate() }
        // cachebench's own message and exit 1, before anything starts.
        _ = try UpstreamOverrides(parsing: upstream)
    }

    /// The engines, parsed (each was checked in `validate()`).
    func specs() throws -> [EngineSpec] { try engines.map(EngineSpec.init(parsing:)) }

    /// Copies the engine and sandbox settings into `request`.
    func apply(to request: inout RunRequest) throws {
        request.registryPort = registryPort
        request.mirror = mirror
        request.dockerCLI = dockerCli
        request.phaseTimeout = phaseTimeout
        request.engineStorage = engineStorage
        request.engines = try specs()
        request.upstreams = upstream
    }
}
