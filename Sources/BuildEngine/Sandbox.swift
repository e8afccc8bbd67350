import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where and how the sandbox runs.
public struct SandboxOptions: Sendable {
    /// The run's state directory: registry config, log and storage.
    public var stateDirectory: String
    /// Shared cache (base image): see `BaseImageStore.defaultCacheDirectory`.
    public var cacheDirectory: String
    public var registryPort: Int?
    public var mirror: String?
    public var dockerCLI: String?
    /// Keep the run's registry storage after the run (it is deleted by default: images are large).
    public var keepRegistry: Bool
    /// The emulated network between engines and the registry; nil or unthrottled = plain loopback.
    public var network: NetworkProfile?

    public init(stateDirectory: String, cacheDirectory: String = BaseImageStore.defaultCacheDirectory(),
                registryPort: Int? = nil, mirror: String? = nil, dockerCLI: String? = nil, keepRegistry: Bool = false,
                network: NetworkProfile? = nil) {
        self.stateDirectory = stateDirectory
        self.cacheDirectory = cacheDirectory
        self.registryPort = registryPort
        self.mirror = mirror
        self.dockerCLI = dockerCLI
        self.keepRegistry = keepRegistry
        self.network = network
    }
}

/// A run's private world: its own registry for the whole run, and a brand-new dockerd for every build.
/// Nothing of the user's own daemon, images or caches is used or touched.
public final class Sandbox: Sendable {
    public let options: SandboxOptions
    public let capabilities: EngineCapabilities
    public let registry: RegistryServer
    /// The throttling proxy engines reach the registry through, when a network profile is set.
    public let proxy: ThrottlingProxy?
    public let runner: any ProcessRunner
    let dockerd: String
    let cleanupToken: UUID

    /// `127.0.0.1:PORT` as engines see it: the proxy's when the network is emulated, else the registry's.
    public var registryAddress: String { proxy?.address ?? registry.address }
    var storage: String { "\(options.stateDirectory)/registry-storage" }

    /// Checks prerequisites, seeds the base image if needed, starts the registry.
    public static func start(options: SandboxOptions, runner: any ProcessRunner = SubprocessRunner(),
                             progress: @escaping @Sendable (String) -> Void) async throws -> Sandbox {
        let capabilities = await EngineCapabilities.probe(runner: runner, dockerCLI: options.dockerCLI)
        if let problem = Preflight.blockingProblems(capabilities: capabilities).first { throw problem }
        let base = BaseImageStore(cacheDirectory: options.cacheDirectory, mirror: options.mirror)
        try await base.ensureRootfs(debootstrap: capabilities.debootstrap!, runner: runner, progress: progress)
        try await base.ensureSeed(capabilities: capabilities, runner: runner, progress: progress)
        let storage = "\(options.stateDirectory)/registry-storage"
        try? FileManager.default.removeItem(atPath: storage)
        try await base.install(into: storage, runner: runner)
        let keep = options.keepRegistry
        let token = ChildProcesses.shared.registerCleanup {
            if !keep { try? FileManager.default.removeItem(atPath: storage) }
        }
        let registry: RegistryServer
        do {
            registry = try await RegistryServer.start(stateDirectory: options.stateDirectory, storageDirectory: storage,
                                                      port: options.registryPort, executable: capabilities.registry!)
        } catch {
            ChildProcesses.shared.deregisterCleanup(token)
            if !keep { try? FileManager.default.removeItem(atPath: storage) }
            throw error
        }
        var proxy: ThrottlingProxy?
        if let network = options.network, !network.isUnthrottled {
            do {
                proxy = try ThrottlingProxy(upstreamPort: registry.port, profile: network)
            } catch {
                await registry.stop()
                ChildProcesses.shared.deregisterCleanup(token)
                if !keep { try? FileManager.default.removeItem(atPath: storage) }
                throw error
            }
        }
        return Sandbox(options: options, capabilities: capabilities, registry: registry, proxy: proxy, runner: runner,
                       dockerd: capabilities.dockerd!, cleanupToken: token)
    }

    init(options: SandboxOptions, capabilities: EngineCapabilities, registry: RegistryServer, proxy: ThrottlingProxy?,
         runner: any ProcessRunner, dockerd: String, cleanupToken: UUID) {
        self.options = options
        self.capabilities = capabilities
        self.registry = registry
        self.proxy = proxy
        self.runner = runner
        self.dockerd = dockerd
        self.cleanupToken = cleanupToken
    }

    /// Runs `body` against a fresh dockerd with an empty data root, stopped and deleted afterwards
    /// whether `body` succeeds, throws or is cancelled.
    public func withFreshEngine<T: Sendable>(_ body: (DockerEngine) async throws -> T) async throws -> T {
        guard let client = capabilities.legacyClient?.path else {
            throw EngineError.missingProgram(name: "docker", package: "docker.io")
        }
        let engine = try await DockerEngine.start(registry: registryAddress, client: client, dockerd: dockerd, runner: runner)
        do {
            let value = try await body(engine)
            await engine.stop()
            return value
        } catch {
            await engine.stop()
            throw error
        }
    }

    /// Stops the registry and (unless kept) deletes its storage.
    public func stop() async {
        proxy?.stop()
        await registry.stop()
        if !options.keepRegistry { try? FileManager.default.removeItem(atPath: storage) }
        ChildProcesses.shared.deregisterCleanup(cleanupToken)
    }
}

/// What must hold before a sandbox can start; `doctor` prints the same checks.
public enum Preflight {
    public static func isRoot() -> Bool { geteuid() == 0 }

    /// Problems that make a run impossible, most fundamental first.
    public static func blockingProblems(capabilities: EngineCapabilities, root: Bool = isRoot()) -> [EngineError] {
        var problems: [EngineError] = []
        if !root { problems.append(.notRoot) }
        if capabilities.dockerd == nil { problems.append(.missingProgram(name: "dockerd", package: "docker.io")) }
        if capabilities.clients.isEmpty { problems.append(.missingProgram(name: "docker", package: "docker.io")) }
        if capabilities.registry == nil { problems.append(.missingProgram(name: "docker-registry", package: "docker-registry")) }
        if capabilities.debootstrap == nil { problems.append(.missingProgram(name: "debootstrap", package: "debootstrap")) }
        return problems
    }
}
