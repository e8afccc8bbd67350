import BenchRunner
import BuildEngine
import Foundation
import ResultStore
import Testing

/// A base of a registry other than Docker Hub (`FROM ghcr.io/...`), which Docker's mirrors never serve, comes
/// through a pull-through cache of its own: a local registry stands in for ghcr.io (`--upstream ghcr.io=URL`).
extension EndToEndTests {
    /// Two builds, each on a fresh engine, of a project `FROM ghcr.io/cachebench-test/base:1`: on docker-26.1 (BuildKit)
    /// (also under a network profile) and docker-20.10 (the legacy builder) with the `none` strategy (no pulls, `--no-cache`: each build must fetch
    /// the whole base), and with buildah (its fresh storage pulls the base). The first pulls the base's
    /// blobs from the stand-in through the cache; the second still resolves the tag through it (the cache asks the
    /// stand-in for the manifest) but takes no blob from the stand-in (its access log). The user's Dockerfile, the
    /// stored steps and the script name ghcr.io, never the cache.
    @Test(.realEngine, arguments: [(EngineSpec.docker261, "none", nil), (.docker2010, "none", nil), (.docker2010, "buildah-layers", nil),
                                   (.docker261, "none", "100mbit:5ms")])
    func ghcrBaseComesThroughItsOwnPullThroughCacheOnce(engine: EngineSpec, strategy: String, network: String?) async throws {
        let scratch = try Integration.temporaryDirectory(prefix: "cb-test-ghcr-")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let caps = await EngineCapabilities.probe(runner: SubprocessRunner())
        let client = try #require(caps.legacyClient?.path)
        let registryProgram = try #require(caps.registry)
        let storage = scratch.appendingPathComponent("stand-in-storage").path
        try await Self.fillRegistryStorage(storage, with: "cachebench-test/base:1", scratch: scratch, client: client,
                                           registryProgram: registryProgram)

        // The stand-in for ghcr.io, on the host's own address, which the run's namespace reaches through its uplink.
        let address = try #require(try await Self.hostAddress(), "the host has no global IPv4 address")
        let port = try #require(LoopbackHTTP.freePort())
        let standIn = "http://\(address):\(port)"
        let log = scratch.appendingPathComponent("stand-in.log").path
        let config = scratch.appendingPathComponent("stand-in.yml").path
        try """
            version: 0.1
            log:
              level: info
            storage:
              filesystem:
                rootdirectory: "\(storage)"
            http:
              addr: \(address):\(port)
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let server = try await SubprocessRunner().startDaemon(Command(registryProgram, ["serve", config]), logPath: log)
        let kept = PullThroughCache.directory(for: try PullThroughCache.Upstream(standIn),
                                              cacheDirectory: BaseImageStore.defaultCacheDirectory())
        defer { try? FileManager.default.removeItem(atPath: kept) }
        @Sendable func requests(_ path: String) -> Int {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").filter { $0.contains(path) }.count
        }
        @Sendable func blobGets() -> Int { requests("GET /v2/cachebench-test/base/blobs/") }
        @Sendable func manifestRequests() -> Int { requests(" /v2/cachebench-test/base/manifests/") }
        do {
            var ready = false
            for _ in 0..<100 where !ready {
                ready = try await SubprocessRunner().run(Command("curl", ["-sf", "\(standIn)/v2/"])).succeeded
                if !ready { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(ready, "the stand-in answers on \(standIn)")
            #expect(blobGets() == 0)

            let project = scratch.appendingPathComponent("project")
            try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
            let dockerfile = "FROM ghcr.io/cachebench-test/base:1\nCOPY app.txt /app.txt\n"
            try dockerfile.write(to: project.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
            try "app\n".write(to: project.appendingPathComponent("app.txt"), atomically: true, encoding: .utf8)
            var request = RunRequest(directory: project.path, engines: [engine], strategies: [strategy],
                                     scenarios: ["cold", "no-change"], iterations: 1,
                                     database: scratch.appendingPathComponent("results.sqlite").path)
            request.packageCache = .off
            request.shuffled = false
            request.upstreams = ["ghcr.io=\(standIn)"]
            // Under a profile, the engines reach the cache through a throttling proxy: the Dockerfile names the proxy.
            request.network = network.flatMap(NetworkProfile.parse)
            let afterBuild = Box<Int>()
            let manifestsAfterBuild = Box<Int>()
            let notes = Box<String>()
            let (outcome, store) = try await RunSession.execute(request, prepared: try RunSession.prepare(request),
                                                                runner: SubprocessRunner()) { event in
                if case .buildFinished = event {
                    afterBuild.append(blobGets())
                    manifestsAfterBuild.append(manifestRequests())
                }
                if case .note(let text) = event { notes.append(text) }
            }
            #expect(outcome.failedBuilds == 0)
            let builds = try store.builds(runId: outcome.runId)
            #expect(builds.count == 2)
            for build in builds { #expect(build.build.status == .ok, "\(build.build.scenario): \(build.build.error ?? "")") }
            let counts = afterBuild.values
            #expect(counts.count == 2)
            #expect((counts.first ?? 0) > 0, "the first build's pull fetched the base's blobs from the stand-in")
            #expect(counts.last == counts.first, "the second build, on a fresh engine, took no blob from the stand-in: \(counts)")
            let manifests = manifestsAfterBuild.values
            #expect(manifests.count == 2 && manifests[1] > manifests[0],
                    "the second build resolved the tag through the cache, which asked the stand-in: \(manifests)")
            #expect(notes.values.contains { $0.hasPrefix("pull-through cache of ghcr.io: 127.0.0.1:") && $0.hasSuffix("from \(standIn)") },
                    "\(notes.values)")

            // The rewrite is the build's own: the user's file, the stored steps and the script keep ghcr.io.
            #expect(try String(contentsOf: project.appendingPathComponent("Dockerfile"), encoding: .utf8) == dockerfile)
            let run = try store.run(id: outcome.runId)
            #expect(run.options["pullThroughImages"] == "ghcr.io/cachebench-test/base:1 (line 1) through the pull-through cache of \(standIn)")
            #expect(run.options["upstream"] == "ghcr.io=\(standIn)")
            #expect(run.options["unservedImages"] == nil)
            let cacheNote = try #require(notes.values.first { $0.hasPrefix("pull-through cache of ghcr.io: ") })
            let cacheAddress = String(cacheNote.dropFirst("pull-through cache of ghcr.io: ".count).prefix { $0 != "," })
            for build in builds {
                let from = try #require(build.steps.first { $0.instruction.hasPrefix("FROM ") }, "\(build.steps.map(\.instruction))")
                #expect(from.instruction.hasPrefix("FROM ghcr.io/cachebench-test/base:1"), "\(from.instruction)")
                #expect(!build.steps.contains { $0.instruction.contains(cacheAddress) })
                #expect(build.build.script?.contains(cacheAddress) == false, "the script a user pastes never names the cache")
            }
            #expect(FileManager.default.fileExists(atPath: "\(kept)/store/docker/registry/v2/repositories/cachebench-test/base"),
                    "the cache's storage is kept for the next run, under the stand-in's key")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        #expect(Integration.leftoverDaemons().isEmpty)
    }

    /// Fills `storage` with `reference` (repository:tag): a one-file image (`docker import`) pushed by a throwaway
    /// sandbox engine to a registry on that storage, inside the sandbox's namespace.
    static func fillRegistryStorage(_ storage: String, with reference: String, scratch: URL, client: String,
                                    registryProgram: String) async throws {
        let content = scratch.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try "hello from the stand-in\n".write(to: content.appendingPathComponent("hello.txt"), atomically: true, encoding: .utf8)
        let tarball = scratch.appendingPathComponent("tiny.tar").path
        _ = try await SubprocessRunner().runChecked(Command("tar", ["-C", content.path, "-cf", tarball, "."]), what: "tar", hint: "")
        var options = SandboxOptions(stateDirectory: scratch.appendingPathComponent("state-fill").path, packageCache: .off, baseImages: [])
        options.pullThroughDirectory = scratch.appendingPathComponent("unused").path
        let sandbox = try await Sandbox.start(options: options, runner: SubprocessRunner()) { _ in }
        do {
            #expect(sandbox.pullThrough == nil && sandbox.registryCaches.isEmpty, "no base needs a cache")
            let holder = try await RegistryServer.start(stateDirectory: scratch.appendingPathComponent("holder").path,
                                                        storageDirectory: storage, executable: registryProgram,
                                                        namespace: sandbox.namespace, runner: sandbox.runner)
            do {
                try await sandbox.withFreshEngine { engine in
                    let target = "\(holder.address)/\(reference)"
                    _ = try await sandbox.runner.runChecked(Command(client, ["-H", engine.host, "import", tarball, target]),
                                                            what: "import", hint: "")
                    _ = try await sandbox.runner.runChecked(Command(client, ["-H", engine.host, "push", target]), what: "push", hint: "")
                }
            } catch {
                await holder.stop()
                throw error
            }
            await holder.stop()
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }
}

/// Values reported from `@Sendable` callbacks, in order.
final class Box<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [T] = []
    func append(_ value: T) { lock.withLock { storage.append(value) } }
    var values: [T] { lock.withLock { storage } }
}
