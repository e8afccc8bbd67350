import ArgumentParser
import BenchRunner
import BuildEngine
import Foundation

struct EngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Start, inspect or stop a sandbox engine by hand, build the base images, fetch an engine, or clean up after killed runs.",
        discussion: """
            Bases the sandbox serves: \(DebianSuite.servedTagList) (built with debootstrap \
            --variant=minbase when a Dockerfile first needs them; -slim and full tags share one rootfs), and \
            images loaded with `seed-base --from-archive`. Any other Docker Hub base is pulled once through a \
            pull-through cache (Docker Hub, or --upstream URL) kept in the cache dir. Bases of other registries \
            (ghcr.io, quay.io) come through a cache of their own (the registry over https, or --upstream \
            REGISTRY=URL), which a run's private copy of the Dockerfile names by address.
            """,
        subcommands: [Up.self, Down.self, Status.self, SeedBase.self, Fetch.self, GC.self]
    )

    struct Common: ParsableArguments {
        @Option(help: "Cache directory (default: $CACHEBENCH_CACHE_DIR, $XDG_CACHE_HOME/cachebench or ~/.cache/cachebench).")
        var cacheDir: String = BaseImageStore.defaultCacheDirectory()
    }

    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a sandbox registry and one fresh dockerd; stay in the foreground until Ctrl-C or `engine down`.")

        @OptionGroup var common: Common
        @Option(help: "Fixed registry port (default: a free one).") var registryPort: Int?
        @Option(help: "Debian mirror for debootstrap.") var mirror: String?
        @Option(help: "Docker CLI to use.") var dockerCli: String?
        @Option(help: ArgumentHelp("Registry that other Docker Hub bases are pulled through (default: Docker Hub), or REGISTRY=URL: a pull-through cache of URL for REGISTRY's images. Repeatable.", valueName: "URL|REGISTRY=URL"))
        var upstream: [String] = []

        func validate() throws {
            _ = try UpstreamOverrides(parsing: upstream)
        }

        func run() async throws {
            if let existing = EngineStateFile.read(cacheDirectory: common.cacheDir), existing.ownerIsRunning {
                throw EngineError.cannotStart(command: "engine up",
                    reason: "one is already running (pid \(existing.ownerPid)); stop it with `cachebench engine down`")
            }
            CacheBench.trapSignals { _ in EngineStateFile.remove(cacheDirectory: common.cacheDir) }
            let supervisor = CacheBench.supervisor
            let runner = CacheBench.runner
            let state = try TempDirectory.make(prefix: "cb-up-")
            supervisor.registerCleanup { TempDirectory.remove(state) }
            do {
                let upstreams = try UpstreamOverrides(parsing: upstream)
                var options = SandboxOptions(stateDirectory: state, cacheDirectory: common.cacheDir, registryPort: registryPort,
                                             mirror: mirror, dockerCLI: dockerCli, upstream: upstreams.dockerHub)
                options.registryUpstreams = upstreams.registries
                let sandbox = try await Sandbox.start(options: options, runner: runner) { print($0) }
                let client = sandbox.capabilities.legacyClient!.path
                let engine = try await DockerEngine.start(registry: sandbox.registryAddress, pullThrough: sandbox.pullThroughMirrors,
                                                          insecure: sandbox.registryRoutes.map(\.address), client: client,
                                                          dockerd: sandbox.capabilities.dockerd!, namespace: sandbox.namespace,
                                                          runner: runner)
                supervisor.registerCleanup { TempDirectory.remove(engine.directory) }
                try EngineStateFile(ownerPid: getpid(), dockerHost: engine.host, registry: sandbox.registryAddress,
                                    registryPid: sandbox.registry.process.pid, dockerdPid: engine.process.pid,
                                    startedAt: Date()).write(cacheDirectory: common.cacheDir)
                print("engine up: export DOCKER_HOST=\(engine.host)")
                let served = BaseImageStore(cacheDirectory: common.cacheDir).servedReferences
                print("registry: \(sandbox.registryAddress) inside network namespace \(sandbox.namespace.name) (serves \(served.joined(separator: ", ")) as a mirror)")
                if let cache = sandbox.pullThrough {
                    print("pull-through cache: \(cache.address), other Docker Hub bases from \(cache.upstream.url)")
                }
                for route in sandbox.registryRoutes {
                    print("pull-through cache: \(route.address), \(route.registry) images from \(route.upstream) (pull them as \(route.address)/REPOSITORY:TAG)")
                }
                print("press Ctrl-C, or run `cachebench engine down`, to stop both and delete their files")
                while true { try await Task.sleep(for: .seconds(3600)) }
            } catch {
                supervisor.stop()
                EngineStateFile.remove(cacheDirectory: common.cacheDir)
                throw error
            }
        }
    }

    struct Down: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop what `engine up` started (by its recorded pid).")
        @OptionGroup var common: Common

        func run() throws {
            guard let state = EngineStateFile.read(cacheDirectory: common.cacheDir), state.ownerIsRunning else {
                EngineStateFile.remove(cacheDirectory: common.cacheDir)
                print("no engine is running")
                return
            }
            kill(state.ownerPid, SIGTERM)
            if ProcessState.waitForExit(state.ownerPid, timeout: 60) {
                EngineStateFile.remove(cacheDirectory: common.cacheDir)
                print("stopped engine (pid \(state.ownerPid))")
            } else {
                throw EngineError.cannotStart(command: "engine down",
                    reason: "pid \(state.ownerPid) did not stop within 60 s; check it with `ps -p \(state.ownerPid)`")
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show whether an `engine up` sandbox is running.")
        @OptionGroup var common: Common

        func run() throws {
            let base = BaseImageStore(cacheDirectory: common.cacheDir)
            print("base images: \(base.isSeeded ? "\(base.servedReferences.joined(separator: ", ")) in \(base.directory)" : "none built yet (cachebench engine seed-base)")")
            guard let state = EngineStateFile.read(cacheDirectory: common.cacheDir), state.ownerIsRunning else {
                print("engine: not running")
                return
            }
            print("engine: running (owner pid \(state.ownerPid), dockerd pid \(state.dockerdPid), since \(state.startedAt))")
            print("DOCKER_HOST=\(state.dockerHost)")
            print("registry: \(state.registry) (pid \(state.registryPid))")
        }
    }

    struct GC: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gc",
            abstract: "Clean up after cachebench runs that were killed (kill -9, OOM): their processes, namespace, mounts and temp dirs; mark their runs interrupted.",
            discussion: "`run` and `engine up` do the same before they start. Runs whose process is still alive are left alone.")
        @OptionGroup var common: Common

        func run() throws {
            guard Preflight.isRoot() else { throw EngineError.notRoot }
            let reclaimed = SandboxRecords(cacheDirectory: common.cacheDir).reclaimOrphans()
            RunSession.markInterrupted(reclaimed)
            for record in reclaimed {
                print("cleaned up namespace \(record.namespace) of pid \(record.ownerPid)" + (record.runId.map { ", run \($0) marked interrupted" } ?? ""))
            }
            print(reclaimed.isEmpty ? "nothing to clean up" : "cleaned up \(reclaimed.count) killed run(s)")
        }
    }

    struct SeedBase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seed-base",
            abstract: "Build Debian bases with debootstrap, or load a `docker save` archive, and keep them for every run.",
            discussion: """
                A suite is served under all its tags (bookworm: debian:bookworm-slim, debian:12-slim, \
                debian:bookworm, debian:12; trixie likewise with 13). Runs build the suites their Dockerfile \
                needs by themselves. --from-archive FILE serves the Docker Hub tags saved in FILE \
                (`docker save -o FILE IMAGE:TAG`), for machines with no way to the upstream registry.
                """)
        @OptionGroup var common: Common
        @Option(help: "Debian mirror (default: the one your apt sources name).") var mirror: String?
        @Option(name: .customLong("suite"), help: "Debian suite to build: bookworm (default) or trixie; repeat for both.")
        var suites: [DebianSuite] = []
        @Option(help: "Load this `docker save` archive instead of running debootstrap.") var fromArchive: String?
        @Flag(help: "Rebuild the suites even when they exist.") var force = false

        func validate() throws {
            if fromArchive != nil, !suites.isEmpty || force {
                throw ValidationError("--from-archive loads an archive: drop --suite and --force.")
            }
        }

        func run() async throws {
            CacheBench.trapSignals()
            let runner = CacheBench.runner
            do {
                // A bad archive is refused before anything starts or is written.
                var archive: DockerArchive?
                if let fromArchive { archive = try await DockerArchive.inspect(fromArchive, runner: runner) }
                let caps = await EngineCapabilities.probe(runner: runner)
                if let problem = Preflight.blockingProblems(capabilities: caps).first { throw problem }
                let base = BaseImageStore(cacheDirectory: common.cacheDir, mirror: mirror)
                let suites = self.suites.isEmpty ? [BaseImageStore.defaultSuite] : self.suites
                if archive == nil {
                    for suite in suites {
                        if force {
                            try? FileManager.default.removeItem(atPath: base.rootfsTarball(suite))
                            try? FileManager.default.removeItem(atPath: (base.seedStorage(suite) as NSString).deletingLastPathComponent)
                        }
                        try await base.ensureRootfs(suite, debootstrap: caps.debootstrap!, runner: runner) { print($0) }
                    }
                }
                let scratch = try TempDirectory.make(prefix: "cb-seed-")
                runner.supervisor.registerCleanup { TempDirectory.remove(scratch) }
                let network = try await RunNetwork.create(logDirectory: scratch, capabilities: caps, runner: runner)
                do {
                    if let archive {
                        let served = try await base.loadArchive(archive, capabilities: caps, namespace: network.namespace,
                                                                tempRoot: scratch, runner: runner) { print($0) }
                        print("serving \(served.joined(separator: ", ")) from \(archive.path)")
                    } else {
                        for suite in suites {
                            try await base.ensureSeed(suite, capabilities: caps, namespace: network.namespace, tempRoot: scratch,
                                                      runner: runner) { print($0) }
                        }
                    }
                } catch {
                    await network.destroy()
                    TempDirectory.remove(scratch)
                    throw error
                }
                await network.destroy()
                TempDirectory.remove(scratch)
                print("base images ready in \(base.directory): \(base.servedReferences.joined(separator: ", "))")
            } catch {
                throw error
            }
        }
    }
}

extension DebianSuite: ExpressibleByArgument {}
