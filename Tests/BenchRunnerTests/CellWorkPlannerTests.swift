import BenchAnalysis
@testable import BenchRunner
import Foundation
import Testing

/// The planner on the hello-c Dockerfile with a calibration written down by hand: the expected work of each cell is
/// counted from the Dockerfile and the strategies' cache semantics in the comments.
@Suite struct CellWorkPlannerTests {
    // compile-image: FROM, RUN apt-get update, RUN apt-get install, WORKDIR, COPY hello.c, RUN gcc
    // runtime-image: FROM, COPY --from=compile-image, CMD
    static let base = ImageLayer(id: "base", bytes: 30_000_000)
    static let images: [String: [ImageLayer]] = [
        "compile-image": [base, ImageLayer(id: "update", bytes: 20_000_000), ImageLayer(id: "install", bytes: 80_000_000),
                          ImageLayer(id: "copy", bytes: 1_000), ImageLayer(id: "gcc", bytes: 10_000)],
        "latest": [base, ImageLayer(id: "binary", bytes: 5_000)],
    ]

    static func legacy() -> BuilderCalibration {
        let seconds: [(StepKey, Double, String)] = [
            ("compile-image#1", 2.0, "FROM debian:bookworm-slim AS compile-image"), ("compile-image#2", 5.0, "RUN apt-get update"),
            ("compile-image#3", 20.0, "RUN apt-get install"), ("compile-image#4", 0.1, "WORKDIR /root"),
            ("compile-image#5", 0.2, "COPY hello.c ."), ("compile-image#6", 1.0, "RUN gcc -o helloworld hello.c"),
            ("runtime-image#1", 0.5, "FROM debian:bookworm-slim AS runtime-image"),
            ("runtime-image#2", 0.3, "COPY --from=compile-image /root/helloworld ."), ("runtime-image#3", 0.1, "CMD"),
        ]
        return BuilderCalibration(builder: .legacy, steps: Dictionary(uniqueKeysWithValues: seconds.map {
            ($0.0, BuilderCalibration.Step(seconds: $0.1, instruction: $0.2)) }), images: images)
    }

    static func buildKit() -> BuilderCalibration {
        // BuildKit prints FROM, RUN, COPY, WORKDIR: the runtime stage has FROM (#1) and COPY --from (#2), no CMD.
        let seconds: [(StepKey, Double)] = [("compile-image#1", 2.0), ("compile-image#2", 5.0), ("compile-image#3", 20.0),
                                           ("compile-image#4", 0.1), ("compile-image#5", 0.2), ("compile-image#6", 1.0),
                                           ("runtime-image#1", 0.5), ("runtime-image#2", 0.3)]
        // BuildKit commits WORKDIR as a layer of its own (32 bytes in the real pushes).
        var images = images
        images["compile-image"]!.insert(ImageLayer(id: "workdir", bytes: 32), at: 3)
        return BuilderCalibration(builder: .buildkit, steps: Dictionary(uniqueKeysWithValues: seconds.map {
            ($0.0, BuilderCalibration.Step(seconds: $0.1, instruction: $0.0.description)) }), images: images)
    }

    func planner() throws -> CellWorkPlanner {
        let project = try Project.resolve(directory: Fixtures.helloC, config: ProjectConfig(sourceFile: "hello.c"))
        return try CellWorkPlanner(project: project, calibrations: [.legacy: Self.legacy(), .buildkit: Self.buildKit()])
    }

    /// buildah pulls each stage's base in its FROM in every build, then each served step's layer from the cache
    /// repository (multi-stage-make on docker-26.1: FROM 7.2 s in its all-cached no-change build, 2.6 s after a
    /// source change; "Cache pulled from remote" for every served step).
    static func buildah() -> BuilderCalibration {
        var calibration = legacy()
        calibration.builder = .buildah
        calibration.buildCommandSeconds = 0.5
        // The no-change build: every step served, 6.0 s beyond its steps (the FROMs).
        calibration.cachedBuilds = [[.init(tag: "latest", beyondSeconds: 6.0)]]
        return calibration
    }

    @Test func buildahRunsEveryFromAndImportsOnlyTheServedLayers() throws {
        let project = try Project.resolve(directory: Fixtures.helloC, config: ProjectConfig(sourceFile: "hello.c"))
        let planner = try CellWorkPlanner(project: project, calibrations: [.buildah: Self.buildah()])
        let work = try #require(planner.work(strategy: Strategy.named("buildah-layers")!, scenario: .noChange))
        // Both FROMs run: 2.0 + 0.5 s; no other step.
        #expect(abs(work.rebuiltSteps.map(\.seconds).reduce(0, +) - 2.5) < 1e-9 && work.rebuiltSteps.count == 2)
        // Imported: update, install, copy, gcc and the binary, not the base, which the FROMs pull from the mirror.
        #expect(work.pulledBytes == 100_016_000 && work.pulledLayers == 5 && work.baseBytes == 30_000_000)
        // The import rate: those 100,016,000 B over the all-cached build's 6.0 s beyond its FROMs, less t_build 0.5 s.
        let rates = try #require(planner.rates(for: .buildah))
        #expect(abs(rates.extractionBytesPerSecond - 100_016_000 / 5.5) < 1e-6)
        // After a source change the compile stage's COPY and gcc run on the served update and install; the runtime
        // stage's COPY --from is served: FROM 2.0 + COPY 0.2 + gcc 1.0 + FROM 0.5.
        let changed = try #require(planner.work(strategy: Strategy.named("buildah-layers")!, scenario: .sourceChange))
        #expect(abs(changed.rebuiltSteps.map(\.seconds).reduce(0, +) - 3.7) < 1e-9)
        #expect(changed.pulledBytes == 100_005_000 && changed.baseBytes == 30_000_000)
    }

    @Test func perStageAfterASourceChange() throws {
        let work = try #require(try planner().work(strategy: Strategy.named("per-stage")!, scenario: .sourceChange))
        // Rebuilt: COPY hello.c 0.2, RUN gcc 1.0 (the compile FROM finds its base in the pulled image); the runtime
        // stage's COPY --from is served (the binary comes out the same), so it builds nothing.
        #expect(abs(work.rebuiltSteps.map(\.seconds).reduce(0, +) - 1.2) < 1e-9)
        // pull compile-image and latest; build --target compile-image, then the final build; push both tags.
        #expect(work.pullCommands == 2 && work.buildCommands == 2 && work.pushCommands == 2)
        // Pulled: base, update, install, copy, gcc, binary, once each.
        #expect(work.pulledLayers == 6)
        #expect(work.pulledBytes == 30_000_000 + 20_000_000 + 80_000_000 + 1_000 + 10_000 + 5_000)
        #expect(work.baseBytes == 0)  // the base came with the pulled images
        // Pushed: the new COPY and gcc layers; base, update, install and binary exist already.
        #expect(work.pushedBytes == 11_000 && work.pushedLayers == 2 && work.existingLayers == 4)
    }

    @Test func naiveRebuildsEverythingAfterNoChange() throws {
        let work = try #require(try planner().work(strategy: Strategy.named("naive")!, scenario: .noChange))
        // Every step of both stages but the FROMs, whose base came with the pulled :latest:
        // 5 + 20 + 0.1 + 0.2 + 1 + 0.3 + 0.1 = 26.7
        #expect(abs(work.rebuiltSteps.map(\.seconds).reduce(0, +) - 26.7) < 1e-9)
        #expect(work.pullCommands == 1 && work.pulledLayers == 2 && work.pulledBytes == 30_005_000)
        // Pushed: the runtime image's new binary layer; its base exists.
        #expect(work.pushedBytes == 5_000 && work.pushedLayers == 1 && work.existingLayers == 1)
    }

    @Test func inlineSkipsTheCompileStageWhenNothingChanged() throws {
        let work = try #require(try planner().work(strategy: Strategy.named("inline")!, scenario: .noChange))
        // Every runtime step is served, so BuildKit never builds the compile stage: no step runs; the runtime image
        // (base 30 MB + binary 5 kB) is imported; nothing new is pushed.
        #expect(work.rebuiltSteps.isEmpty)
        #expect(work.pulledBytes == 30_005_000 && work.baseBytes == 0 && work.pushedBytes == 0)
    }

    @Test func inlineRebuildsTheCompileStageAfterASourceChange() throws {
        let work = try #require(try planner().work(strategy: Strategy.named("inline")!, scenario: .sourceChange))
        // Inline caches only the final stage: the whole compile stage runs, its FROM too (2 + 5 + 20 + 0.1 + 0.2 + 1 =
        // 28.3). The runtime image's import holds the same base, but the compile stage runs from its FROM, which pulls
        // and extracts the base itself: on docker-20.10 and 26.1 (hello-c, quiet machine, 2026-11-30) that FROM took
        // 5.1 and 4.4 s after a source change, as in a cold build.
        #expect(abs(work.rebuiltSteps.map(\.seconds).reduce(0, +) - 28.3) < 1e-9)
        // No pull command; exporting into dockerd's store needs the served runtime stage locally: its binary (5 kB) is
        // imported; its base is the one the FROM brought, across the link from the mirror (30 MB).
        #expect(work.pullCommands == 0 && work.pulledBytes == 5_000 && work.pulledLayers == 1)
        #expect(work.baseBytes == 30_000_000)
        // The final image is unchanged: nothing new to push.
        #expect(work.pushedBytes == 0 && work.existingLayers == 2)
    }

    @Test func coldRebuildsAndPushesEverything() throws {
        let work = try #require(try planner().work(strategy: Strategy.named("per-stage")!, scenario: .cold))
        #expect(abs(work.rebuiltSteps.map(\.seconds).reduce(0, +) - 29.2) < 1e-9)
        #expect(work.pulledBytes == 0)  // the pulls of a first build find nothing
        #expect(work.baseBytes == 30_000_000)
        // Own layers of both images: 20 MB + 80 MB + 1 kB + 10 kB + 5 kB; the base is mounted from the mirror's repository.
        #expect(work.pushedBytes == 100_016_000 && work.pushedLayers == 5 && work.existingLayers == 1)
    }

    @Test func coldPushesTheBaseWhenTheCalibrationDid() throws {
        var legacy = Self.legacy()
        legacy.pushedOnCold = ["base"]  // the registry could not mount it: the first push sent it
        let project = try Project.resolve(directory: Fixtures.helloC, config: ProjectConfig(sourceFile: "hello.c"))
        let planner = try CellWorkPlanner(project: project, calibrations: [.legacy: legacy])
        let cold = try #require(planner.work(strategy: Strategy.named("naive")!, scenario: .cold))
        // naive pushes only the runtime image: base 30 MB + binary 5 kB, both new.
        #expect(cold.pushedBytes == 30_005_000 && cold.pushedLayers == 2 && cold.existingLayers == 0)
        let again = try #require(planner.work(strategy: Strategy.named("naive")!, scenario: .noChange))
        #expect(again.pushedBytes == 5_000 && again.existingLayers == 1)
    }

    @Test func inlinePerStageImportsTheServedPrefixAfterASourceChange() throws {
        let work = try #require(try planner().work(strategy: Strategy.named("inline-per-stage")!, scenario: .sourceChange))
        // Served: update, install, WORKDIR; rebuilt on top of them: COPY hello.c and gcc: 0.2 + 1 = 1.2 (the base
        // came with the import)
        #expect(abs(work.rebuiltSteps.map(\.seconds).reduce(0, +) - 1.2) < 1e-9)
        // The import fetches every served layer: update, install, WORKDIR (100 MB + 32 bytes) and the served runtime
        // image's base and binary (30 MB + 5 kB); the compile stage's FROM then finds the base there.
        #expect(work.pullCommands == 0 && work.pulledBytes == 130_005_032 && work.pulledLayers == 5)
        #expect(work.baseBytes == 0)
        // New layers: COPY and gcc of the compile image (11 kB); the runtime image is unchanged.
        #expect(work.pushedBytes == 11_000 && work.pushedLayers == 2)
    }
}

@Suite struct ConfirmationPlanTests {
    @Test func measuresTheTopTwoPlusNaiveThroughTheWeightedScenarios() throws {
        let request = RunRequest(directory: Fixtures.helloC.path, strategies: ["naive", "per-stage", "inline", "single-tag"],
                                 scenarios: ["cold", "no-change", "source-change"], database: "/nonexistent/x.sqlite")
        let prepared = try RunSession.prepare(request)
        func cell(_ strategy: String, _ scenario: String, _ seconds: Double) -> PredictedCell {
            PredictedCell(strategy: strategy, scenario: scenario, network: "local", steps: seconds, overhead: 0, pulls: 0,
                          extraction: 0, pushes: 0, interval: 0)
        }
        // Per scenario: inline is fastest on no-change (10) and second on source-change (21 against per-stage's 20).
        let cells = [cell("naive", "no-change", 50), cell("naive", "source-change", 50),
                     cell("per-stage", "no-change", 20), cell("per-stage", "source-change", 20),
                     cell("inline", "no-change", 10), cell("inline", "source-change", 21),
                     cell("single-tag", "no-change", 40), cell("single-tag", "source-change", 40)]
        let prediction = PredictionResult(predictionId: 1, calibrationRunId: 1, cells: cells, links: [], spread: PredictionSpread(),
                                          uncovered: [], weights: ["source-change": 1])
        let plan = PredictSession.confirmation(of: prepared, prediction: prediction, top: 2, link: "local").plan
        // Weighted on source-change only: per-stage 20, inline 21, single-tag 40, naive 50: the top two plus naive.
        #expect(plan.strategies.map(\.id) == ["per-stage", "inline", "naive"])
        let one = PredictSession.confirmation(of: prepared, prediction: prediction, top: 1, link: "local").plan
        #expect(one.strategies.map(\.id) == ["per-stage", "naive"])
        // The chain keeps cold (every chain starts there) and the weighted scenarios only.
        #expect(plan.chain == [.cold, .sourceChange])
    }
}
