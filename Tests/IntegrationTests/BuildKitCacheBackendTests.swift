import BenchRunner
import BuildEngine
import Foundation
import ResultStore
import Testing

extension EndToEndTests {
    /// BuildKit's cache backends on docker-26.1, every build on a brand-new dockerd: after a change to hello.c,
    /// only a cache that holds the compile stage (registry mode=max, a local dir carried by the CI cache)
    /// serves its apt steps; mode=min and inline export the final stage's layers only, so they rebuild them.
    @Test(.realEngine) func buildKitCacheBackendsOnDocker26() async throws {
        let project = try Integration.copySample("hello-c")
        defer { try? FileManager.default.removeItem(at: project) }
        let request = RunRequest(directory: project.path, engines: [.docker261],
                                 strategies: ["registry-max", "registry-min", "inline-buildx", "local"],
                                 scenarios: ["cold", "source-change"], iterations: 1,
                                 database: project.appendingPathComponent("results.sqlite").path)
        let prepared = try RunSession.prepare(request)
        let (outcome, store) = try await RunSession.execute(request, prepared: prepared, runner: SubprocessRunner()) { _ in }
        #expect(outcome.failedBuilds == 0)
        #expect(outcome.unavailableBuilds == 0)
        #expect(Integration.leftoverDaemons().isEmpty, "every dockerd, containerd and registry must be stopped")
        let builds = try store.builds(runId: outcome.runId)
        #expect(builds.count == 8)
        #expect(builds.allSatisfy { $0.build.engine == "docker-26.1" })
        func sourceChange(_ strategy: String) throws -> BuildDetail {
            try #require(builds.first { $0.build.strategy == strategy && $0.build.scenario == "source-change" })
        }
        func apt(_ build: BuildDetail) -> [StepRecord] {
            build.steps.filter { $0.instruction.hasPrefix("RUN apt-get") }
        }
        func isSource(_ step: StepRecord) -> Bool { step.instruction.hasPrefix("COPY hello.c") || step.instruction.hasPrefix("RUN gcc") }

        for strategy in ["registry-max", "local"] {
            let build = try sourceChange(strategy)
            #expect(apt(build).count == 2, "\(strategy): \(build.steps.map(\.instruction))")
            #expect(apt(build).allSatisfy { $0.cached }, "\(strategy) must serve both apt steps from its cache")
            #expect(build.steps.filter(isSource).allSatisfy { !$0.cached }, "\(strategy) rebuilt COPY and gcc")
        }
        for strategy in ["registry-min", "inline-buildx"] {
            let build = try sourceChange(strategy)
            #expect(apt(build).count == 2, "\(strategy): \(build.steps.map(\.instruction))")
            #expect(apt(build).allSatisfy { !$0.cached }, "\(strategy) exports only the final stage: apt steps rebuilt")
        }
        // local: the CI cache restored what the cold build saved, and both moves are timed phases with bytes.
        let local = try sourceChange("local")
        #expect(local.phases.map(\.kind) == [.restore, .build, .save])
        let restored = try #require(local.layers.first { $0.action == .restored })
        #expect((restored.bytes ?? 0) > 1_000_000, "the compile stage's layers are in the restored cache")

        // What BuildKit moved itself, stored as layers of the build phase. registry-max's cold build exported every
        // stage's layers to the registry (sized from its blob store) and pushed the image; after the source change,
        // the cached apt layers came back lazily as imports, each a blob the cold build had sent, at the same size.
        let cold = try #require(builds.first { $0.build.strategy == "registry-max" && $0.build.scenario == "cold" })
        let exported = cold.layers.filter { $0.action == .exported }
        #expect(exported.count >= 4, "base, two apt layers and the binary's layer: \(cold.layers.map(\.action))")
        #expect(exported.allSatisfy { $0.layerId.hasPrefix("sha256:") && ($0.bytes ?? 0) > 0 })
        #expect(cold.bytesExported > 10_000_000 && cold.bytesPushed >= cold.bytesExported)
        let sentByCold = Dictionary(cold.layers.filter { $0.action == .exported || $0.action == .pushed }.map { ($0.layerId, $0.bytes) },
                                    uniquingKeysWith: { first, _ in first })
        let imported = try sourceChange("registry-max").layers.filter { $0.action == .imported }
        #expect(imported.count >= 3, "the cached apt layers and the base: \(imported.map(\.layerId))")
        for layer in imported {
            #expect((layer.bytes ?? 0) > 0)
            #expect(sentByCold[layer.layerId] != nil, "\(layer.layerId) was imported but the cold build never sent it")
            #expect(sentByCold[layer.layerId] == layer.bytes, "one blob, one size: \(layer.layerId)")
        }
        #expect(try sourceChange("registry-max").bytesPulled >= imported.compactMap(\.bytes).reduce(0, +))
        // The source-change build re-exports the cached layers, which the registry already holds: sent once, by the cold build.
        #expect(try sourceChange("registry-max").layers.filter { $0.action == .exported }.allSatisfy { sentByCold[$0.layerId] == nil })
    }
}

extension EndToEndTests {
    /// `local`'s CI cache under a slow profile: the restore downloads the archive the cold build saved across the
    /// emulated link, so it takes at least its bytes over the link's rate (a lower bound from physics; a busy
    /// machine only makes it slower). A 4 MB layer of random bytes, which no compression shrinks, fills the cache.
    @Test(.realEngine) func localCacheRestoreAndSaveCrossTheNetworkProfile() async throws {
        let project = try Integration.temporaryDirectory(prefix: "cb-test-localnet-")
        defer { try? FileManager.default.removeItem(at: project) }
        try "FROM debian:bookworm-slim\nRUN head -c 4000000 /dev/urandom > /blob\n"
            .write(to: project.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        var request = RunRequest(directory: project.path, engines: [.docker261], strategies: ["local"],
                                 scenarios: ["cold", "no-change"], iterations: 1,
                                 database: project.appendingPathComponent("results.sqlite").path,
                                 network: NetworkProfile.parse("20mbit:50ms"))
        request.packageCache = .off
        let (outcome, store) = try await RunSession.execute(request, prepared: try RunSession.prepare(request), runner: SubprocessRunner()) { _ in }
        #expect(outcome.failedBuilds == 0)
        let builds = try store.builds(runId: outcome.runId)
        let rate = 20_000_000.0 / 8
        let cold = try #require(builds.first { $0.build.scenario == "cold" })
        let save = try #require(cold.phases.first { $0.kind == .save })
        let saved = try #require(cold.layers.first { $0.action == .saved }?.bytes)
        #expect(saved > 4_000_000, "the random layer is in the saved cache")
        #expect(save.output.contains("across 20mbit:50ms: 20 Mbit/s, 50 ms each way"), "\(save.output)")
        #expect(save.wallSeconds >= Double(saved) / rate, "\(saved) bytes uploaded in \(save.wallSeconds) s")
        let same = try #require(builds.first { $0.build.scenario == "no-change" })
        let restore = try #require(same.phases.first { $0.kind == .restore })
        let restored = try #require(same.layers.first { $0.action == .restored }?.bytes)
        #expect(restored == saved, "the restore brought back what the save stored")
        #expect(restore.output.hasPrefix("downloaded "), "\(restore.output)")
        // bytes / rate, plus the request's and the answer's one-way delays.
        #expect(restore.wallSeconds >= Double(restored) / rate + 0.1, "\(restored) bytes downloaded in \(restore.wallSeconds) s")
        let head = same.steps.filter { $0.instruction.hasPrefix("RUN head") }
        #expect(!head.isEmpty && head.allSatisfy { $0.cached }, "the restored cache served the step: \(same.steps.map(\.instruction))")
        #expect(Integration.leftoverDaemons().isEmpty)
    }
}
