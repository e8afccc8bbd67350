import BenchRunner
import BuildEngine
import Foundation
import ResultStore
import Testing

extension EndToEndTests {
    static let inspectedDockerfileSteps = """
        RUN head -c 300000 /dev/urandom > /blob
        RUN echo two > /two
        CMD ["cat", "/two"]
        """

    /// After every build, `docker history` of the final image and the bytes each cache backend holds, on both engines:
    /// a cold build makes its RUN layers itself; the no-change build after it reuses them from its cache source, and
    /// its rows keep the cold build's creation times.
    @Test(.realEngine) func historyLayersAndCacheBytesOnBothEngines() async throws {
        let project = try Integration.tinyProject(Self.inspectedDockerfileSteps, prefix: "cb-test-history-")
        defer { try? FileManager.default.removeItem(at: project) }
        let database = project.appendingPathComponent("results.sqlite").path

        // Docker 26.1 (containerd store), BuildKit via buildx: a registry cache and a local cache dir.
        var modern = RunRequest(directory: project.path, engines: [.docker261], strategies: ["registry-max", "local"],
                                scenarios: ["cold", "no-change"], iterations: 1, database: database)
        modern.shuffled = false
        let (outcome26, store) = try await RunSession.execute(modern, prepared: try RunSession.prepare(modern), runner: SubprocessRunner()) { _ in }
        #expect(outcome26.failedBuilds == 0 && outcome26.unavailableBuilds == 0)
        let builds26 = try store.builds(runId: outcome26.runId)
        for detail in builds26 {
            let b = detail.build
            #expect(b.builder == .buildx)
            let final = try #require(detail.images.first { $0.history.isFinal }, "\(b.strategy) \(b.scenario): no docker history")
            #expect(final.history.exitCode == 0, "\(final.history.output)")
            let runs = final.layers.filter { $0.createdBy?.hasPrefix("RUN ") == true }
            #expect(runs.count == 2, "\(final.layers.map { $0.createdBy ?? "-" })")
            #expect(runs.contains { ($0.bytes ?? 0) >= 300_000 }, "the 300 kB blob layer: \(runs.map { $0.bytes ?? -1 })")
            // The base image was made long before any build: it is never "made by this build".
            #expect(final.layers.last?.reused == true)
            if b.scenario == "cold" {
                #expect(runs.allSatisfy { $0.reused == false }, "\(b.strategy) cold made its RUN layers")
            } else {
                #expect(runs.allSatisfy { $0.reused == true }, "\(b.strategy) no-change reused its RUN layers from the cache")
            }
            let registry = try #require(detail.cacheUsage.first { $0.backend == "registry" })
            #expect(registry.bytes > 300_000 && registry.items > 0)
            #expect(registry.location.contains("/\(b.strategy)/"), "the chain's own repositories: \(registry.location)")
        }
        let local = builds26.filter { $0.build.strategy == "local" }.compactMap { $0.cacheUsage.first { $0.backend == "local" } }
        #expect(local.count == 2, "local's cache dir measured after both builds")
        #expect(local.allSatisfy { $0.bytes > 300_000 })

        Self.expectNoChangeKeepsColdTimes(builds26)

        // Docker 20.10, the legacy builder with --cache-from.
        var legacy = RunRequest(directory: project.path, engines: [.docker2010], strategies: ["single-tag"],
                                scenarios: ["cold", "no-change"], iterations: 1, database: database)
        legacy.shuffled = false
        let (outcome20, _) = try await RunSession.execute(legacy, prepared: try RunSession.prepare(legacy), runner: SubprocessRunner()) { _ in }
        #expect(outcome20.failedBuilds == 0)
        let builds20 = try store.builds(runId: outcome20.runId)
        #expect(builds20.count == 2)
        for detail in builds20 {
            #expect(detail.build.builder == .legacy)
            let final = try #require(detail.images.first { $0.history.isFinal })
            let runs = final.layers.filter { $0.createdBy?.hasPrefix("RUN ") == true }
            #expect(runs.count == 2, "\(final.layers.map { $0.createdBy ?? "-" })")
            #expect(runs.allSatisfy { $0.reused == (detail.build.scenario != "cold") }, "\(detail.build.scenario): \(runs)")
            #expect((detail.cacheUsage.first { $0.backend == "registry" }?.bytes ?? 0) > 300_000)
        }
        Self.expectNoChangeKeepsColdTimes(builds20)
    }

    /// A layer served from the cache is the one the cold build made: same created-by, same creation time.
    static func expectNoChangeKeepsColdTimes(_ builds: [BuildDetail]) {
        for strategy in Set(builds.map(\.build.strategy)) {
            func runRows(_ scenario: String) -> [ImageLayerRecord] {
                builds.first { $0.build.strategy == strategy && $0.build.scenario == scenario }?.images.first { $0.history.isFinal }?
                    .layers.filter { $0.createdBy?.hasPrefix("RUN ") == true } ?? []
            }
            #expect(runRows("cold").map(\.createdAt) == runRows("no-change").map(\.createdAt), "\(strategy)")
            #expect(!runRows("cold").isEmpty)
        }
    }
}
