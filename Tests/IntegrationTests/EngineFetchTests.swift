import BuildEngine
import Foundation
import Testing

/// Root and Debian's apt: what fetching docker-26.1 needs; CACHEBENCH_SKIP_INTEGRATION=1 skips it too (it downloads).
private let canFetch = !Integration.skipRequested && getuid() == 0 && ExecutableLookup.find("apt-get") != nil

/// docker-26.1 for real: Debian 13's packages from the mirror apt is configured with (about 77 MB the first
/// time). The cache dir is the default one (~/.cache/cachebench, or $CACHEBENCH_CACHE_DIR), so a CI cache of it
/// means one download, and later runs check the reuse path. No dockerd is started.
@Suite(.enabled(if: canFetch, "needs root and apt-get, and no CACHEBENCH_SKIP_INTEGRATION=1"))
struct EngineFetchTests {
    @Test func fetchedDockerd26RunsAndBuildxAnswers() async throws {
        let fetcher = DebianEngineFetcher(cacheDirectory: BaseImageStore.defaultCacheDirectory())
        let fetched = try await fetcher.ensure(runner: SubprocessRunner()) { print($0) }
        let engine = fetched.distribution
        #expect(engine.dockerd.hasPrefix(fetcher.installDirectory + "/root/"))
        #expect(fetched.manifest.packages.map(\.name).sorted() == ["containerd", "docker-buildx", "docker-cli", "docker.io", "tini"])

        let runner = SubprocessRunner()
        let dockerd = try await runner.run(Command(engine.dockerd, ["--version"]))
        #expect(dockerd.succeeded)
        #expect(dockerd.output.hasPrefix("Docker version 26.1."))

        let scratch = try Integration.temporaryDirectory(prefix: "cb-test-buildx-")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let config = try #require(try engine.makeDockerConfig(at: scratch.appendingPathComponent("docker-config").path))
        let buildx = try await runner.run(Command(engine.docker, ["buildx", "version"], environment: engine.clientEnvironment(dockerConfig: config)))
        #expect(buildx.succeeded)
        #expect(buildx.output.hasPrefix("github.com/docker/buildx 0.13."))

        // dockerd finds this containerd, its shim and docker-init first on the PATH it gets.
        let path = engine.daemonEnvironment()["PATH"]!.split(separator: ":").map(String.init)
        for helper in ["containerd", "containerd-shim-runc-v2", "docker-init"] {
            let found = path.lazy.map { "\($0)/\(helper)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
            #expect(found?.hasPrefix(fetcher.installDirectory) == true, "\(helper) resolved to \(found ?? "nothing")")
        }

        let again = try await fetcher.ensure(runner: SubprocessRunner()) { _ in }
        #expect(again.reused)
        #expect(again.manifest == fetched.manifest)
    }
}

/// Bad engine input through the real CLI: one line, exit 1, before anything starts.
@Suite(.enabled(if: canFetch, "needs root and apt-get, and no CACHEBENCH_SKIP_INTEGRATION=1"))
struct EngineCLIErrorTests {
    @Test func unknownEngineListsTheKnownOnes() async throws {
        let fetch = try await Integration.cli(["engine", "fetch", "docker-27.0"])
        #expect(fetch.code == 1)
        #expect(fetch.err == "error: unknown engine \"docker-27.0\": choose from docker-26.1, docker-20.10, path:DIR (DIR holding dockerd, containerd, docker and docker-buildx).")
        let run = try await Integration.cli(["run", "/nonexistent/project", "--engine", "docker-27.0"])
        #expect(run.code == 1)
        #expect(run.err.hasPrefix("error: unknown engine \"docker-27.0\""))
    }

    @Test func pathWithoutDockerdOrBuildx() async throws {
        let dir = try Integration.temporaryDirectory(prefix: "cb-test-engine-")
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["containerd", "docker"] {
            _ = FileManager.default.createFile(atPath: dir.appendingPathComponent(name).path, contents: Data("#!/bin/sh\n".utf8),
                                           attributes: [.posixPermissions: 0o755])
        }
        let result = try await Integration.cli(["run", dir.path, "--engine", "path:\(dir.path)"])
        #expect(result.code == 1)
        #expect(result.err == "error: \(dir.path) lacks dockerd, docker-buildx: put them there (buildx as docker-buildx or cli-plugins/docker-buildx), or use --engine docker-26.1.")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".cachebench").path), "nothing half-written")
    }

    @Test func unreachableMirrorSaysSoAndStoresNothing() async throws {
        let cache = try Integration.temporaryDirectory(prefix: "cb-test-mirror-")
        defer { try? FileManager.default.removeItem(at: cache) }
        let result = try await Integration.cli(["engine", "fetch", "docker-26.1", "--cache-dir", cache.path, "--mirror", "http://127.0.0.1:9/debian"])
        #expect(result.code == 1)
        let errorLines = result.err.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(errorLines == ["error: the Debian mirror http://127.0.0.1:9/debian is unreachable (Could not connect to 127.0.0.1:9 (127.0.0.1). - connect (111: Connection refused)): check it with `curl -sI http://127.0.0.1:9/debian/dists/trixie/InRelease`, or pass --mirror URL."])
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("engines/docker-26.1/dist").path))
    }
}
