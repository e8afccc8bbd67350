@testable import BenchRunner
import BuildEngine
import CacheBenchTestSupport
import Foundation
import ResultStore
import Testing

/// Engines as a dimension of the matrix, and the strategies that need BuildKit's cache exporters.
@Suite struct EngineMatrixTests {
    static let docker2010 = EngineDistribution(spec: .docker2010, dockerd: "/usr/sbin/dockerd", containerd: "/usr/bin/containerd",
                                               docker: "/usr/bin/docker", buildxPlugin: nil, binDirectories: [])
    static let docker261 = EngineDistribution(spec: .docker261, dockerd: "/e/usr/sbin/dockerd", containerd: "/e/usr/bin/containerd",
                                              docker: "/e/usr/bin/docker", buildxPlugin: "/e/usr/libexec/docker/cli-plugins/docker-buildx",
                                              binDirectories: ["/e/usr/sbin", "/e/usr/bin"])

    @Test func everyEngineRunsTheWholeChainOfEveryStrategy() throws {
        let plan = Plan(strategies: try Plan.strategies(from: ["naive", "registry-max"]), scenarios: [.cold, .sourceChange],
                        iterations: 2, engines: [.docker261, .docker2010])
        // 2 iterations × 2 engines × 2 scenarios × 2 strategies.
        #expect(plan.builds.count == 16)
        // Within an iteration, one engine's chains run before the next engine's.
        #expect(plan.builds.prefix(8).map { $0.engine?.name } == Array(repeating: "docker-26.1", count: 4)
            + Array(repeating: "docker-20.10", count: 4))
        #expect(plan.builds.prefix(4).map(\.scenario) == [.cold, .cold, .sourceChange, .sourceChange])
    }

    @Test func aPlanWithoutEnginesUsesTheProvidersOwn() throws {
        let plan = Plan(strategies: try Plan.strategies(from: ["naive"]), scenarios: [.cold], iterations: 1)
        #expect(plan.builds.count == 1)
        #expect(plan.builds[0].engine == nil)
    }

    @Test func seedScriptsRunThroughBuildKitWhereItIsTheDefault() throws {
        let naive = try #require(Strategy.named("naive"))
        #expect(naive.resolved(buildKitIsDefault: true).builder == .buildkit)
        #expect(naive.resolved(buildKitIsDefault: false).builder == .legacy)
        let legacy = try #require(Strategy.named("naive-legacy"))
        #expect(legacy.builder == .legacy)
        #expect(legacy.script == naive.script)
        #expect(legacy.resolved(buildKitIsDefault: true).builder == .legacy)
        #expect(Strategy.named("per-stage-legacy")?.isPerStage == true)
        #expect(Strategy.named("single-tag-legacy") != nil)
        #expect(Strategy.named("registry-max")?.resolved(buildKitIsDefault: true).builder == .buildx)
    }

    @Test func buildKitCacheBackendsAreTheDocumentedFlags() throws {
        let context = ScriptContext(image: "r/app", stages: [], finalTarget: nil, context: ".", dockerfile: "Dockerfile",
                                    cacheDirectory: "/ci/cache")
        func build(_ id: String) throws -> [String] {
            try #require(Strategy.named(id)?.render(context).first { $0.kind == .build }).arguments
        }
        // The flags as BuildKit's README spells them (github.com/moby/buildkit#export-cache).
        #expect(try build("registry-max").joined(separator: " ") == "buildx build --progress=plain "
            + "--cache-from type=registry,ref=r/app:buildcache --cache-to type=registry,ref=r/app:buildcache,mode=max "
            + "-t r/app:latest --push -f Dockerfile .")
        #expect(try build("registry-min").contains("type=registry,ref=r/app:buildcache,mode=min"))
        #expect(try build("inline-buildx").joined(separator: " ") == "buildx build --progress=plain --cache-to type=inline "
            + "--cache-from r/app:latest -t r/app:latest --push -f Dockerfile .")
        #expect(try build("local").joined(separator: " ") == "buildx build --progress=plain --cache-from type=local,src=/ci/cache "
            + "--cache-to type=local,dest=/ci/cache,mode=max -t r/app:latest --push -f Dockerfile .")
        let local = try #require(Strategy.named("local")).render(context).map(\.kind)
        #expect(local == [.restore, .build, .save])
    }

    @Test func naiveThroughBuildKitMissesForWantOfCacheFrom() throws {
        let naive = try #require(Strategy.named("naive")).resolved(buildKitIsDefault: true)
        let context = ScriptContext(image: "r/app", stages: [], finalTarget: nil, context: ".", dockerfile: "Dockerfile")
        let facts = MissCause.Facts(strategy: naive, finalStage: "runtime-image", lines: naive.render(context), failedPulls: [])
        #expect(MissCause.stageCause("compile-image", facts: facts) == MissCause.buildKitNoCacheFrom)
        #expect(MissCause.stageCause("runtime-image", facts: facts) == MissCause.buildKitNoCacheFrom)
        // On 20.10 the same script keeps the legacy builder's cause.
        let legacy = MissCause.Facts(strategy: try #require(Strategy.named("naive")), finalStage: "runtime-image",
                                     lines: naive.render(context), failedPulls: [])
        #expect(MissCause.stageCause("runtime-image", facts: legacy) == MissCause.noCacheFrom)
    }

    @Test func seedScriptsThroughBuildKitMissForWantOfCacheMetadata() throws {
        // Docker 26.1, per-stage and single-tag as pasted: --cache-from is there, but the images they pull were pushed
        // without BUILDKIT_INLINE_CACHE=1, and BuildKit matches a --cache-from image only through that metadata.
        let context = ScriptContext(image: "r/app", stages: ["compile-image"], finalTarget: nil, context: ".", dockerfile: "Dockerfile")
        for id in ["per-stage", "single-tag"] {
            let strategy = try #require(Strategy.named(id)).resolved(buildKitIsDefault: true)
            let facts = MissCause.Facts(strategy: strategy, finalStage: "runtime-image", lines: strategy.render(context), failedPulls: [])
            #expect(MissCause.stageCause("runtime-image", facts: facts) == MissCause.buildKitNoCacheMetadata, "\(id)")
        }
        // The inline strategies write that metadata, so a miss there is not put down to it.
        let inline = try #require(Strategy.named("inline-per-stage"))
        let facts = MissCause.Facts(strategy: inline, finalStage: "runtime-image", lines: inline.render(context), failedPulls: [])
        #expect(MissCause.stageCause("runtime-image", facts: facts) == MissCause.unidentified)
        // On 20.10 the legacy builder uses the pulled image itself: its per-stage misses stay unidentified.
        let legacy = try #require(Strategy.named("per-stage"))
        let legacyFacts = MissCause.Facts(strategy: legacy, finalStage: "runtime-image", lines: legacy.render(context), failedPulls: [])
        #expect(MissCause.stageCause("runtime-image", facts: legacyFacts) == MissCause.unidentified)
    }

    @Test func localScriptLeavesRestoreAndSaveToTheCISystem() throws {
        let bash = ScriptRenderer(strategy: try #require(Strategy.named("local")), cacheStages: [], finalTarget: nil)
            .buildScript(label: "local", runId: 1, dockerfile: "Dockerfile").script.bash
        #expect(bash.contains("docker buildx build --progress=plain --cache-from type=local,src=.buildx-cache "
            + "--cache-to type=local,dest=.buildx-cache,mode=max -t \"$IMAGE:latest\" --push -f Dockerfile ."), "\(bash)")
        #expect(bash.contains("# Before: restore .buildx-cache from your CI cache"))
        #expect(!bash.contains("cp -a"))
    }

    @Test func buildxStrategiesAreUnavailableOnAnEngineWithoutBuildx() throws {
        let runner = try Self.runner(engines: [Self.docker2010])
        guard case .failure(let reason) = runner.client(for: .buildx, on: Self.docker2010) else {
            Issue.record("docker-20.10 has no buildx")
            return
        }
        #expect(reason.text.hasPrefix("buildx missing"))
        #expect(reason.text.contains("--engine docker-26.1"))
        #expect(try runner.client(for: .legacy, on: Self.docker261).get() == "/e/usr/bin/docker")
        #expect(try runner.client(for: .buildx, on: Self.docker261).get() == "/e/usr/bin/docker")
    }

    @Test func anUnavailableStrategyIsStoredWithItsEngineAndReason() async throws {
        let scratch = try Scratch()
        let project = try Project.resolve(directory: try scratch.helloC(), config: ProjectConfig())
        let plan = Plan(strategies: try Plan.strategies(from: ["registry-max", "local"]), scenarios: [.cold], iterations: 1,
                        engines: [.docker2010])
        let store = try ResultStore(path: scratch.url.appendingPathComponent("r.sqlite").path)
        let runner = BenchmarkRunner(settings: RunSettings(project: project, plan: plan, workDirectory: scratch.url.appendingPathComponent("w"),
                                                           options: [:], engines: [Self.docker2010]),
                                     engine: FakeEngine(), store: store, runner: ReplayProcessRunner())
        let run = try runner.startRun()
        let outcome = try await runner.run(run)
        #expect(outcome.unavailableBuilds == 2)
        let builds = try store.builds(runId: run.id!)
        #expect(builds.map(\.build.engine) == ["docker-20.10", "docker-20.10"])
        #expect(builds.allSatisfy { $0.build.status == .unavailable && $0.build.error?.contains("buildx missing") == true })
    }

    @Test func dockerd26GetsTheContainerdImageStore() throws {
        let json = DockerEngine.configuration(containerdStore: true)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        // The setting the issue measured by hand: {"features":{"containerd-snapshotter":true}}.
        #expect((object["features"] as? [String: Bool])?["containerd-snapshotter"] == true)
        #expect(object["dns"] as? [String] == [NetworkNamespace.dnsServer])
        let plain = try #require(try JSONSerialization.jsonObject(with: Data(DockerEngine.configuration().utf8)) as? [String: Any])
        #expect(plain["features"] == nil)
    }

    @Test func ciCacheRestoresWhatTheLastBuildSaved() async throws {
        let scratch = try Scratch()
        let cache = CICache(root: scratch.url)
        let (cold, coldLayer) = try await cache.transfer(.restore, ordinal: 0, runner: SubprocessRunner())
        #expect(cold.exitCode == 0)
        #expect(coldLayer == nil)
        try scratch.write("ci-cache-runner/index.json", String(repeating: "x", count: 1000))
        try scratch.write("ci-cache-runner/blobs/sha256/ab", String(repeating: "y", count: 24))
        let (save, saved) = try await cache.transfer(.save, ordinal: 2, runner: SubprocessRunner())
        #expect(save.kind == .save)
        #expect(save.exitCode == 0, "\(save.output)")
        #expect(saved?.bytes == 1024)  // 1000 + 24 bytes written above
        // The service keeps a tar archive (as actions/cache does) holding those two files, and the phase says how
        // many archive bytes crossed the link: the archive's size.
        #expect(CICache.files(inArchive: cache.store).map { [$0.count, Int($0.bytes)] } == [2, 1024])
        let archiveBytes = try #require(try FileManager.default.attributesOfItem(atPath: cache.store.path)[.size] as? Int)
        #expect(save.output.hasPrefix("uploaded \(archiveBytes) bytes of archive across unthrottled loopback"), "\(save.output)")
        #expect(!FileManager.default.fileExists(atPath: cache.runnerArchive.path), "the runner's archive is removed")
        try cache.clearRunner()
        let (restore, restored) = try await cache.transfer(.restore, ordinal: 0, runner: SubprocessRunner())
        #expect(restore.output.hasPrefix("downloaded \(archiveBytes) bytes of archive"), "\(restore.output)")
        #expect(restored?.action == .restored)
        #expect(restored?.bytes == 1024)
        #expect(try scratch.read("ci-cache-runner/blobs/sha256/ab") == String(repeating: "y", count: 24))
        #expect(try scratch.read("ci-cache-runner/index.json") == String(repeating: "x", count: 1000))
    }

    /// Sizes in tar headers as GNU tar writes them: 11 octal digits and a NUL; base-256 past 8 GiB.
    @Test func tarHeaderSizes() {
        #expect(CICache.tarSize(ArraySlice(Array("00000001750\0".utf8))) == 1000)
        #expect(CICache.tarSize(ArraySlice(Array("     1750 \0\0\0".utf8))) == 1000)
        // 2^33 bytes (8 GiB), too big for 11 octal digits: 0x80, then the value big-endian in the other 11 bytes.
        let base256: [UInt8] = [0x80, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 0]
        #expect(CICache.tarSize(ArraySlice(base256)) == 8_589_934_592)
        #expect(CICache.tarSize(ArraySlice(Array("12x4\0".utf8))) == nil)
    }

    /// A cut-short or missing archive is not read as an empty cache.
    @Test func aTruncatedArchiveHasNoListing() throws {
        let scratch = try Scratch()
        try scratch.write("short.tar", String(repeating: "a", count: 100))
        #expect(CICache.files(inArchive: scratch.url.appendingPathComponent("short.tar")) == nil)
        #expect(CICache.files(inArchive: scratch.url.appendingPathComponent("absent.tar")) == nil)
    }

    static func runner(engines: [EngineDistribution]) throws -> BenchmarkRunner {
        let scratch = try Scratch()
        let project = try Project.resolve(directory: try scratch.helloC(), config: ProjectConfig())
        let plan = Plan(strategies: [], scenarios: [.cold], iterations: 1, engines: engines.map(\.spec))
        return BenchmarkRunner(settings: RunSettings(project: project, plan: plan, workDirectory: scratch.url, options: [:], engines: engines),
                               engine: FakeEngine(), store: try ResultStore(path: scratch.url.appendingPathComponent("r.sqlite").path),
                               runner: ReplayProcessRunner())
    }
}
