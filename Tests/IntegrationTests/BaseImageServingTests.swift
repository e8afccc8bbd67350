import BenchRunner
import BuildEngine
import Foundation
import ResultStore
import Testing

/// Bases against real engines: Debian tags under all their names, and other Docker Hub bases through the
/// pull-through cache, pulled from the upstream once and then from the cache kept across runs.
extension EndToEndTests {
    /// A project that starts `FROM debian:12-slim` (not the seed's first name, bookworm-slim) builds on docker-26.1
    /// from the sandbox mirror, with BuildKit.
    @Test(.realEngine) func debian12SlimBuildsOnDocker26() async throws {
        let project = try Integration.temporaryDirectory(prefix: "cb-test-d12-")
        defer { try? FileManager.default.removeItem(at: project) }
        try "FROM debian:12-slim\nRUN cat /etc/debian_version > /version\n"
            .write(to: project.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        var request = RunRequest(directory: project.path, engines: [.docker261], strategies: ["naive"], scenarios: ["cold"],
                                 iterations: 1, database: project.appendingPathComponent("results.sqlite").path)
        request.packageCache = .off
        let prepared = try RunSession.prepare(request)
        let (outcome, store) = try await RunSession.execute(request, prepared: prepared, runner: SubprocessRunner()) { _ in }
        #expect(outcome.failedBuilds == 0)
        let builds = try store.builds(runId: outcome.runId)
        let build = try #require(builds.first)
        #expect(build.build.engine == "docker-26.1")
        #expect(build.build.status == .ok, "\(build.build.error ?? "")")
        #expect(build.steps.contains { $0.instruction.hasPrefix("RUN cat /etc/debian_version") && !$0.cached })
        #expect(BaseImageStore(cacheDirectory: BaseImageStore.defaultCacheDirectory()).isSeeded(.bookworm))
        #expect(Integration.leftoverDaemons().isEmpty)
    }

    /// base-change under a BuildKit cache backend on docker-26.1: the changed base has a new layer, so the
    /// registry cache exported by the cold build cannot serve the step on top of it.
    @Test(.realEngine) func baseChangeDefeatsTheRegistryCacheOnDocker26() async throws {
        let project = try Integration.temporaryDirectory(prefix: "cb-test-basechange-")
        defer { try? FileManager.default.removeItem(at: project) }
        try "FROM debian:12-slim\nRUN echo built > /built\n"
            .write(to: project.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        var request = RunRequest(directory: project.path, engines: [.docker261], strategies: ["registry-max"],
                                 scenarios: ["cold", "no-change", "base-change"], iterations: 1,
                                 database: project.appendingPathComponent("results.sqlite").path)
        request.packageCache = .off
        let (outcome, store) = try await RunSession.execute(request, prepared: try RunSession.prepare(request), runner: SubprocessRunner()) { _ in }
        #expect(outcome.failedBuilds == 0)
        let builds = try store.builds(runId: outcome.runId)
        func run(_ scenario: String) throws -> StepRecord {
            let build = try #require(builds.first { $0.build.scenario == scenario })
            return try #require(build.steps.first { $0.instruction.hasPrefix("RUN echo built") }, "\(build.steps.map(\.instruction))")
        }
        #expect(try run("no-change").cached, "the registry cache serves the step while the base stays")
        #expect(try !run("base-change").cached, "a new base layer changes BuildKit's key: the step runs again")
    }

    /// The pull-through cache in front of a local upstream registry (standing in for Docker Hub, holding an
    /// image pushed to it here). Run 1 pulls the base through the cache by its Docker Hub name; run 2, the
    /// upstream still up, pulls it again without fetching a blob from the upstream (its access log); run 3,
    /// the upstream stopped, still pulls it and builds FROM it, from the cache kept across runs.
    @Test(.realEngine) func pullThroughCacheServesAHubBaseFromItsUpstreamOnce() async throws {
        let scratch = try Integration.temporaryDirectory(prefix: "cb-test-pullthrough-")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let caps = await EngineCapabilities.probe(runner: SubprocessRunner())
        let client = try #require(caps.legacyClient?.path)
        let registryProgram = try #require(caps.registry)
        let base = "cbtest/tinybase:1"
        let upstreamStorage = scratch.appendingPathComponent("upstream-storage").path

        // 1. Fill the upstream's storage with a real push: a one-file image (`docker import`), pushed by a
        //    sandbox engine to a registry in that sandbox's namespace.
        try await Self.fillRegistryStorage(upstreamStorage, with: base, scratch: scratch, client: client,
                                           registryProgram: registryProgram)

        // 2. The upstream: that storage served on the host's own address, which the run's namespace reaches
        //    through its user-mode uplink (not on 127.0.0.1, which the uplink keeps out of reach).
        let address = try #require(try await Self.hostAddress(), "the host has no global IPv4 address")
        let port = try #require(LoopbackHTTP.freePort())
        let upstreamURL = "http://\(address):\(port)"
        let upstreamLog = scratch.appendingPathComponent("upstream.log").path
        let config = scratch.appendingPathComponent("upstream.yml").path
        try """
            version: 0.1
            log:
              level: info
            storage:
              filesystem:
                rootdirectory: "\(upstreamStorage)"
            http:
              addr: \(address):\(port)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let upstream = try await SubprocessRunner().startDaemon(Command(registryProgram, ["serve", config]), logPath: upstreamLog)
        var ready = false
        for _ in 0..<100 where !ready {
            ready = try await SubprocessRunner().run(Command("curl", ["-sf", "\(upstreamURL)/v2/"])).succeeded
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        func blobGets() -> Int {
            let text = (try? String(contentsOfFile: upstreamLog, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").filter { $0.contains("GET /v2/cbtest/tinybase/blobs/") }.count
        }
        var options = SandboxOptions(stateDirectory: scratch.appendingPathComponent("state-1").path, packageCache: .off,
                                     baseImages: [base], upstream: upstreamURL)
        options.pullThroughDirectory = scratch.appendingPathComponent("pull-through").path
        let imageId: String
        do {
            #expect(ready, "the upstream registry answers on \(upstreamURL)")
            // Run 1: through the cache, from the upstream.
            imageId = try await Self.pullThrough(base, options: options, client: client, offline: false)
            #expect(blobGets() > 0, "the first pull fetched the image's blobs from the upstream")
            let kept = PullThroughCache.directory(for: try PullThroughCache.Upstream(upstreamURL), cacheDirectory: "",
                                                  override: options.pullThroughDirectory)
            #expect(FileManager.default.fileExists(atPath: "\(kept)/store/docker/registry/v2/repositories/cbtest/tinybase"),
                    "the cache's storage is kept for the next run")
            // Run 2: the upstream is up, and no blob is fetched from it again.
            let fetched = blobGets()
            options.stateDirectory = scratch.appendingPathComponent("state-2").path
            #expect(try await Self.pullThrough(base, options: options, client: client, offline: false) == imageId)
            #expect(blobGets() == fetched, "the second run took no blob from the upstream")
            // Under a network profile the base crosses the emulated link: engines reach the cache through a
            // throttling proxy, whose byte counter saw at least the image's layers go by.
            var throttled = options
            throttled.stateDirectory = scratch.appendingPathComponent("state-2-net").path
            throttled.network = NetworkProfile.parse("20mbit:50ms")
            let slow = try await Sandbox.start(options: throttled, runner: SubprocessRunner()) { _ in }
            do {
                let cache = try #require(slow.pullThrough)
                let proxy = try #require(slow.pullThroughProxy, "a profile puts the pull-through cache behind a proxy")
                #expect(slow.pullThroughMirrors == [proxy.address])
                #expect(proxy.address != cache.address)
                let started = Date()
                let id = try await slow.withFreshEngine { engine in
                    let pull = try await slow.runner.run(Command(client, ["-H", engine.host, "pull", base]))
                    #expect(pull.succeeded, "pulled through the throttled mirror: \(pull.tail(5))")
                    return try await Self.imageId(base, host: engine.host, client: client, runner: slow.runner)
                }
                let elapsed = Date().timeIntervalSince(started)
                #expect(id == imageId)
                let layers = cache.registry.layerSizes(of: "cbtest/tinybase", tag: "1").map(\.bytes).reduce(0, +)
                #expect(layers > 0)
                #expect(proxy.bytesRelayed.fromUpstream >= layers,
                        "the proxy relayed \(proxy.bytesRelayed.fromUpstream) bytes; the image's layers are \(layers)")
                // At least one request and its answer crossed the 50 ms each-way link.
                #expect(elapsed >= 0.1)
            } catch {
                await slow.stop()
                throw error
            }
            await slow.stop()
            // base-change on a pulled-through base: a new layer on top, published in the sandbox registry.
            options.stateDirectory = scratch.appendingPathComponent("state-2b").path
            let changer = try await Sandbox.start(options: options, runner: SubprocessRunner()) { _ in }
            do {
                let changed = try await BaseImageChange.apply(images: [base], marker: "test", engine: changer, runner: changer.runner,
                                                              workDirectory: scratch.appendingPathComponent("base-change"))
                #expect(changed == [base])
                #expect(changer.registry.tags(of: "cbtest/tinybase") == ["1"], "the changed base is in the sandbox registry")
                try await changer.withFreshEngine { engine in
                    let pull = try await changer.runner.run(Command(client, ["-H", engine.host, "pull", base]))
                    #expect(pull.succeeded, "\(pull.tail(5))")
                    #expect(try await Self.imageId(base, host: engine.host, client: client, runner: changer.runner) != imageId)
                    let layers = try await changer.runner.runChecked(
                        Command(client, ["-H", engine.host, "image", "inspect", "--format", "{{len .RootFS.Layers}}", base]),
                        what: "inspect", hint: "")
                    #expect(layers.lines.first { $0.stream == .stdout }?.text == "2", "one real layer more than the original")
                }
            } catch {
                await changer.stop()
                throw error
            }
            await changer.stop()
        } catch {
            await upstream.stop()
            throw error
        }
        await upstream.stop()
        // Run 3: the upstream is gone; the cache serves what it kept, and a Dockerfile FROM it builds.
        let context = scratch.appendingPathComponent("context")
        try FileManager.default.createDirectory(at: context, withIntermediateDirectories: true)
        try "FROM \(base)\nCOPY app.txt /app.txt\n".write(to: context.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        try "app\n".write(to: context.appendingPathComponent("app.txt"), atomically: true, encoding: .utf8)
        options.stateDirectory = scratch.appendingPathComponent("state-3").path
        #expect(try await Self.pullThrough(base, options: options, client: client, offline: true, build: context) == imageId)
        #expect(Integration.leftoverDaemons().isEmpty)
    }

    /// One run: a sandbox whose fresh engine pulls `image` by its Docker Hub name (the sandbox registry lacks
    /// it, so the pull-through cache serves it), and optionally builds `build`. Returns the image id.
    static func pullThrough(_ image: String, options: SandboxOptions, client: String, offline: Bool,
                            build: URL? = nil) async throws -> String {
        let sandbox = try await Sandbox.start(options: options, runner: SubprocessRunner()) { _ in }
        do {
            let cache = try #require(sandbox.pullThrough)
            #expect(cache.isOffline == offline)
            #expect(sandbox.pullThroughMirrors == [cache.address])
            #expect(sandbox.registry.tags(of: "cbtest/tinybase").isEmpty, "the sandbox registry does not hold it")
            let id = try await sandbox.withFreshEngine { engine in
                let pull = try await sandbox.runner.run(Command(client, ["-H", engine.host, "pull", image]))
                #expect(pull.succeeded, "pulled by its Docker Hub name through the mirrors: \(pull.tail(5))")
                if let build {
                    let result = try await sandbox.runner.run(Command(client, ["-H", engine.host, "build", "-q", build.path],
                                                                      environment: ["DOCKER_BUILDKIT": "0"]))
                    #expect(result.succeeded, "a Dockerfile FROM it builds: \(result.tail(5))")
                }
                return try await Self.imageId(image, host: engine.host, client: client, runner: sandbox.runner)
            }
            await sandbox.stop()
            return id
        } catch {
            await sandbox.stop()
            throw error
        }
    }

    /// The host's first global IPv4 address.
    static func hostAddress() async throws -> String? {
        let result = try await SubprocessRunner().run(Command("ip", ["-4", "-o", "addr", "show", "scope", "global"]))
        for line in result.lines where line.stream == .stdout {
            let words = line.text.split(separator: " ")
            if let index = words.firstIndex(of: "inet"), index + 1 < words.count {
                return words[index + 1].split(separator: "/").first.map(String.init)
            }
        }
        return nil
    }

    static func imageId(_ image: String, host: String, client: String, runner: any ProcessRunner) async throws -> String {
        let inspect = try await runner.runChecked(Command(client, ["-H", host, "image", "inspect", "--format", "{{.Id}}", image]),
                                                  what: "inspect", hint: "")
        return inspect.lines.first { $0.stream == .stdout }?.text ?? ""
    }

    /// `seed-base --from-archive` with an archive a real engine saved: the next run's registry serves its tag,
    /// with no pull-through cache.
    @Test(.realEngine) func seedBaseServesADockerSaveArchive() async throws {
        let scratch = try Integration.temporaryDirectory(prefix: "cb-test-archive-ok-")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let caps = await EngineCapabilities.probe(runner: SubprocessRunner())
        let client = try #require(caps.legacyClient?.path)
        let content = scratch.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try "archived\n".write(to: content.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let tarball = scratch.appendingPathComponent("tiny.tar").path
        _ = try await SubprocessRunner().runChecked(Command("tar", ["-C", content.path, "-cf", tarball, "."]), what: "tar", hint: "")
        let saved = scratch.appendingPathComponent("saved.tar").path
        let maker = try await Sandbox.start(options: SandboxOptions(stateDirectory: scratch.appendingPathComponent("state-0").path,
                                                                    packageCache: .off, baseImages: []),
                                           runner: SubprocessRunner()) { _ in }
        do {
            try await maker.withFreshEngine { engine in
                _ = try await maker.runner.runChecked(Command(client, ["-H", engine.host, "import", tarball, "cbtest/archived:1"]),
                                                      what: "import", hint: "")
                _ = try await maker.runner.runChecked(Command(client, ["-H", engine.host, "save", "-o", saved, "cbtest/archived:1"]),
                                                      what: "save", hint: "")
            }
        } catch {
            await maker.stop()
            throw error
        }
        await maker.stop()

        let cache = scratch.appendingPathComponent("cache").path
        let result = try await Integration.cli(["engine", "seed-base", "--cache-dir", cache, "--from-archive", saved])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("serving cbtest/archived:1 from \(saved)"))
        let archives = try FileManager.default.contentsOfDirectory(atPath: cache + "/base/archives")
        #expect(archives.count == 1 && !archives[0].hasPrefix("."), "one archive, nothing partial: \(archives)")

        let options = SandboxOptions(stateDirectory: scratch.appendingPathComponent("state-1").path, cacheDirectory: cache,
                                     packageCache: .off, baseImages: ["cbtest/archived:1"])
        let sandbox = try await Sandbox.start(options: options, runner: SubprocessRunner()) { _ in }
        do {
            #expect(sandbox.pullThrough == nil, "the archive serves the only base")
            #expect(sandbox.registry.tags(of: "cbtest/archived") == ["1"])
            try await sandbox.withFreshEngine { engine in
                let pull = try await sandbox.runner.run(Command(client, ["-H", engine.host, "pull", "cbtest/archived:1"]))
                #expect(pull.succeeded, "\(pull.tail(5))")
            }
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    /// A bad archive: one line, exit 1, nothing written into the cache dir (checked before any engine starts).
    @Test func seedBaseRefusesABadArchive() async throws {
        let cache = try Integration.temporaryDirectory(prefix: "cb-test-archive-")
        defer { try? FileManager.default.removeItem(at: cache) }
        let junk = cache.appendingPathComponent("junk.tar")
        try Data(repeating: 7, count: 4096).write(to: junk)
        let result = try await Integration.cli(["engine", "seed-base", "--cache-dir", cache.appendingPathComponent("c").path,
                                                "--from-archive", junk.path])
        #expect(result.code == 1)
        #expect(result.err == "error: \(junk.path) is not a tar archive: pass the file that `docker save -o FILE IMAGE:TAG` wrote (not gzipped).")
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("c").path))
    }
}
