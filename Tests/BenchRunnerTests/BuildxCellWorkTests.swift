import BenchAnalysis
@testable import BenchRunner
import Foundation
import ResultStore
import Testing

/// The buildx strategies on docker-26.1, hello-c. Step seconds are the ones recorded by a real calibration (registry-max's
/// cold build, run 1 of `Benchmarks/predict-vs-measure.sh` on docker-26.1, 2026-11-30): BuildKit printed the shared
/// `FROM debian:bookworm-slim` once, under the runtime stage. docker 26's containerd store printed no layer sizes, so
/// the sizes are the hand-written ones of `CellWorkPlannerTests` (with BuildKit's 32-byte WORKDIR layer).
/// What the engine did, from that run's logs and the README's docker-26.1 table: inline-buildx and registry-min
/// served only the final stage after a source change (1/6 steps); registry-max and local served the apt steps and
/// WORKDIR and rebuilt COPY hello.c and gcc (4/6); after no change every step was served.
@Suite struct BuildxCellWorkTests {
    static func buildx() -> BuilderCalibration {
        let recorded: [(StepKey, Double)] = [("runtime-image#1", 10.1), ("compile-image#2", 7.2), ("compile-image#3", 37.1),
                                            ("compile-image#4", 0.2), ("compile-image#5", 0.1), ("compile-image#6", 0.7),
                                            ("runtime-image#2", 0.0)]
        var images = CellWorkPlannerTests.images
        images["compile-image"]!.insert(ImageLayer(id: "workdir", bytes: 32), at: 3)
        return BuilderCalibration(builder: .buildx, steps: Dictionary(uniqueKeysWithValues: recorded.map {
            ($0.0, BuilderCalibration.Step(seconds: $0.1, instruction: $0.0.description)) }), images: images)
    }

    func planner() throws -> CellWorkPlanner {
        let project = try Project.resolve(directory: Fixtures.helloC, config: ProjectConfig(sourceFile: "hello.c"))
        return try CellWorkPlanner(project: project, calibrations: [.buildx: Self.buildx()])
    }

    func seconds(_ work: CellWork) -> Double { work.rebuiltSteps.map(\.seconds).reduce(0, +) }

    @Test func inlineBuildxServesTheFinalStageAfterASourceChange() throws {
        let work = try #require(try planner().work(strategy: Strategy.named("inline-buildx")!, scenario: .sourceChange))
        // The whole compile stage runs: 7.2 + 37.1 + 0.2 + 0.1 + 0.7 = 45.3 (its FROM was printed under the runtime
        // stage); the runtime stage's COPY --from is served. Without a cache entry the model rebuilt the runtime
        // stage too (FROM 10.1 + COPY 0.0: 55.4 s), which the engine did not.
        #expect(abs(seconds(work) - 45.3) < 1e-9)
        #expect(work.pullCommands == 0 && work.pushCommands == 0 && work.buildCommands == 1)
        // Nothing served lies under a rebuilt step: no import for the steps. The final image is unchanged: nothing new
        // to push, but it goes into the image store: its binary (5 kB) is fetched and unpacked; its base is the one
        // the compile stage's FROM extracted.
        #expect(work.pulledBytes == 5_000 && work.pulledLayers == 1 && work.pushedBytes == 0)
    }

    @Test func inlineBuildxServesEverythingAfterNoChange() throws {
        let work = try #require(try planner().work(strategy: Strategy.named("inline-buildx")!, scenario: .noChange))
        // No FROM ran: the final image (base 30 MB + binary 5 kB) is fetched and unpacked into the image store
        // ("unpacking to" in every all-cached build on docker-26.1).
        #expect(work.rebuiltSteps.isEmpty && work.pulledBytes == 30_005_000 && work.pushedBytes == 0)
    }

    @Test func registryMinMatchesInlineBuildx() throws {
        let min = try #require(try planner().work(strategy: Strategy.named("registry-min")!, scenario: .sourceChange))
        #expect(abs(seconds(min) - 45.3) < 1e-9)
    }

    @Test func localReadsItsCacheFromTheRunnersDisk() throws {
        let work = try #require(try planner().work(strategy: Strategy.named("local")!, scenario: .sourceChange))
        // Served: update, install, WORKDIR; rebuilt: COPY hello.c 0.1 and gcc 0.7.
        #expect(abs(seconds(work) - 0.8) < 1e-9)
        // The rebuilt steps build on update, install and WORKDIR: 20 MB + 80 MB + 32 B, read from the cache directory
        // with the chain under them, the base (30 MB) first, none of it across the link: BuildKit extracted the base's
        // blob from the directory under the served WORKDIR, and the FROM took 0.0 s (docker-26.1, 2026-11-30). The final
        // image's served binary (5 kB) is read from the directory too, to unpack the image into the store.
        #expect(work.localImportBytes == 130_005_032 && work.pulledBytes == 0 && work.pulledLayers == 0)
        #expect(work.baseBytes == 0)
        // The cache export writes the new COPY and gcc layers (1 kB + 10 kB) to the directory; --push sends the
        // final image, which is unchanged.
        #expect(work.localExportBytes == 11_000 && work.pushedBytes == 0)
        // The CI cache downloads the directory the cold build left (130,016,032 bytes, see the cold test below) and
        // uploads it with the 11 kB added.
        #expect(work.ciCacheRestoreBytes == 130_016_032 && work.ciCacheSaveBytes == 130_027_032)
    }

    @Test func registryMaxFetchesTheSameLayersAcrossTheLink() throws {
        let work = try #require(try planner().work(strategy: Strategy.named("registry-max")!, scenario: .sourceChange))
        #expect(abs(seconds(work) - 0.8) < 1e-9)
        // The base, update, install, WORKDIR under the rebuilt steps, and the final image's served binary.
        #expect(work.pulledBytes == 130_005_032 && work.pulledLayers == 5 && work.localImportBytes == 0)
        #expect(work.baseBytes == 0)
        #expect(work.pushedBytes == 11_000 && work.localExportBytes == 0)
    }

    @Test func localColdWritesEveryLayerToTheDirectory() throws {
        let work = try #require(try planner().work(strategy: Strategy.named("local")!, scenario: .cold))
        // Every step: 10.1 + 7.2 + 37.1 + 0.2 + 0.1 + 0.7 + 0.0 = 55.4.
        #expect(abs(seconds(work) - 55.4) < 1e-9)
        // The empty directory gets every layer once: base 30 MB, 20 MB, 80 MB, 32 B, 1 kB, 10 kB, binary 5 kB.
        #expect(work.localExportBytes == 130_016_032)
        // --push sends the runtime image's binary; its base is mounted from the mirror's repository.
        #expect(work.pushedBytes == 5_000 && work.existingLayers == 1)
        // Nothing to restore on a fresh chain; the save uploads the whole directory.
        #expect(work.ciCacheRestoreBytes == 0 && work.ciCacheSaveBytes == 130_016_032)
    }

    @Test func localNoChangeReadsBackTheServedLayersItExports() throws {
        // Every step is served. The mode=max export writes the compile stage's layers to the directory, and BuildKit
        // first extracts the ones the build only referenced: update 20 MB + install 80 MB + WORKDIR 32 B + COPY 1 kB
        // + gcc 10 kB = 100,011,032 B. The base (30 MB) and the binary are the final image's, read from the directory
        // to unpack it into the image store (no FROM ran): 30,005,000 B more. Seen on docker-26.1 (ram-eater, README):
        // local's no-change build extracted its apt layer for 17.7 s under "preparing build cache for export";
        // registry-max's export took 0.1 s.
        let work = try #require(try planner().work(strategy: Strategy.named("local")!, scenario: .noChange))
        #expect(work.rebuiltSteps.isEmpty && work.pulledBytes == 0)
        #expect(work.localImportBytes == 100_011_032 + 30_005_000)
        // After a source change the import has already extracted what the rebuilt steps build on, the base included:
        // only the final image's binary (5 kB) more.
        let changed = try #require(try planner().work(strategy: Strategy.named("local")!, scenario: .sourceChange))
        #expect(changed.localImportBytes == 130_005_032)
        // registry-max's export finds the layers in the registry: nothing to read back; the final image (base and
        // binary) is fetched from it and unpacked.
        let max = try #require(try planner().work(strategy: Strategy.named("registry-max")!, scenario: .noChange))
        #expect(max.localImportBytes == 0 && max.pulledBytes == 30_005_000)
    }

    @Test func localOnASlowLinkPaysForTheImagePushAndTheCICache() throws {
        let work = try #require(try planner().work(strategy: Strategy.named("local")!, scenario: .sourceChange))
        let rates = MachineRates(buildCommandSeconds: 2, pullCommandSeconds: 0.4, extractionBytesPerSecond: 65_000_000,
                                 pushCommandSeconds: 0.5, pushBytesPerSecond: 11_000_000)
        let office = Link(name: "office", bytesPerSecond: 50_000_000 / 8, latency: 0.020)
        let cell = PredictionModel.predict(work, rates: rates, link: office, spread: PredictionSpread())
        // pulls: no pull command and no base across the link (it comes from the directory); the CI cache's restore,
        // 130,016,032 / 6.25 MB/s = 20.80256512 s plus one RTT 0.04 s. extraction: 130,005,032 / 65 MB/s = 2.0001 s.
        #expect(abs(cell.pulls - (20.80256512 + 0.04)) < 1e-9)
        #expect(abs(cell.extraction - 130_005_032 / 65_000_000.0) < 1e-9)
        // pushes: the directory's 11 kB at 11 MB/s = 0.001 s, plus RTT 0.04 × the final image's 2 existing layers,
        // plus the CI cache's save, 130,027,032 / 6.25 MB/s = 20.80432512 s and one RTT 0.04 s.
        #expect(abs(cell.pushes - (0.001 + 0.08 + 20.80432512 + 0.04)) < 1e-9)
    }

    @Test func perStageThroughBuildKitServesNothing() throws {
        // On docker-26.1 `per-stage` runs through BuildKit and pushes images without inline cache metadata: the same
        // run's no-change build pulled both tags and then ran every step (152.6 s, 0 cached).
        let project = try Project.resolve(directory: Fixtures.helloC, config: ProjectConfig(sourceFile: "hello.c"))
        let planner = try CellWorkPlanner(project: project, calibrations: [.buildkit: CellWorkPlannerTests.buildKit()])
        let strategy = Strategy.named("per-stage")!.resolved(buildKitIsDefault: true)
        let work = try #require(planner.work(strategy: strategy, scenario: .noChange))
        // Every step but the FROMs, whose base came with the pulls: 5 + 20 + 0.1 + 0.2 + 1 + 0.3 = 26.6.
        #expect(abs(seconds(work) - 26.6) < 1e-9)
        #expect(work.pullCommands == 2)
    }
}

/// docker build and buildx run the same BuildKit solver in the same dockerd: a step both calibrations ran is priced at
/// the mean of their two cold builds. Seconds from the two BuildKit cold builds of hello-c's calibration on a quiet
/// machine (docker-26.1, 2026-11-30): inline-per-stage and registry-max.
@Suite struct PooledStepTests {
    static func calibration(_ builder: Builder, _ steps: [(StepKey, Double, String)]) -> BuilderCalibration {
        BuilderCalibration(builder: builder, steps: Dictionary(uniqueKeysWithValues: steps.map {
            ($0.0, BuilderCalibration.Step(seconds: $0.1, instruction: $0.2)) }))
    }

    @Test func aStepBothBuildKitBuildersRanTakesTheMeanOfTwoDraws() throws {
        let kit = Self.calibration(.buildkit, [("compile-image#1", 3.1, "FROM debian"), ("compile-image#3", 5.0, "RUN apt-get install"),
                                               ("runtime-image#2", 0.3, "COPY --from=compile-image /root/helloworld .")])
        let x = Self.calibration(.buildx, [("compile-image#1", 6.9, "FROM debian"), ("compile-image#3", 6.1, "RUN apt-get install"),
                                           ("compile-image#6", 0.2, "RUN gcc")])
        let legacy = Self.calibration(.legacy, [("compile-image#3", 30.0, "RUN apt-get install")])
        let pooled = BuilderCalibration.pooledSteps([.buildkit: kit, .buildx: x, .legacy: legacy])
        // (3.1 + 6.9) / 2 = 5.0 and (5.0 + 6.1) / 2 = 5.55 for both builders, each the mean of 2 draws.
        for builder in [Builder.buildkit, .buildx] {
            let steps = try #require(pooled[builder]?.steps)
            #expect(abs(steps["compile-image#1"]!.seconds - 5.0) < 1e-9 && steps["compile-image#1"]!.draws == 2)
            #expect(abs(steps["compile-image#3"]!.seconds - 5.55) < 1e-9 && steps["compile-image#3"]!.draws == 2)
        }
        // A step one builder ran keeps its own seconds; no builder gains a step it did not run.
        #expect(pooled[.buildx]?.steps["compile-image#6"] == .init(seconds: 0.2, instruction: "RUN gcc"))
        #expect(pooled[.buildkit]?.steps["compile-image#6"] == nil)
        #expect(pooled[.buildkit]?.steps["runtime-image#2"]?.draws == 1)
        // The classic builder is another family: its step is its own.
        #expect(pooled[.legacy]?.steps["compile-image#3"] == .init(seconds: 30.0, instruction: "RUN apt-get install"))
    }

    @Test func aStepWithAnotherInstructionUnderTheSameKeyIsNotPooled() {
        let kit = Self.calibration(.buildkit, [("runtime-image#1", 3.1, "FROM debian")])
        let x = Self.calibration(.buildx, [("runtime-image#1", 0.0, "COPY --from=compile-image /root/helloworld .")])
        let pooled = BuilderCalibration.pooledSteps([.buildkit: kit, .buildx: x])
        #expect(pooled[.buildkit]?.steps["runtime-image#1"]?.seconds == 3.1)
        #expect(pooled[.buildx]?.steps["runtime-image#1"]?.seconds == 0.0)
    }
}

/// docker build and buildx unpack images into the store through the same dockerd and containerd: their all-cached
/// calibration builds price one import rate.
@Suite struct PooledUnpackingRateTests {
    @Test func bothBuildKitBuildersShareTheUnpackingRateOfTheirAllCachedBuilds() throws {
        var kit = CellWorkPlannerTests.buildKit()
        // Cold: compile-image's own layers (20 MB + 80 MB + 32 B + 1 kB + 10 kB = 100,011,032 B) in 10.3 s beyond its
        // steps, the final image's binary (5,000 B) in 0.3 s: t_build = 0.3 − 5,000 × 10 / 100,006,032.
        kit.coldCommands = [.init(tag: "compile-image", beyondSeconds: 10.3), .init(tag: "latest", beyondSeconds: 0.3)]
        // No change: the compile image and the final one, 130,016,032 B (base once), in 7.3 s and 0.5 s.
        kit.cachedBuilds = [[.init(tag: "compile-image", beyondSeconds: 7.3), .init(tag: "latest", beyondSeconds: 0.5)]]
        var x = BuildxCellWorkTests.buildx()
        // buildx's no-change build unpacked only the final image, 30,005,000 B, in 4.1 s.
        x.cachedBuilds = [[.init(tag: "latest", beyondSeconds: 4.1)]]
        let project = try Project.resolve(directory: Fixtures.helloC, config: ProjectConfig(sourceFile: "hello.c"))
        let planner = try CellWorkPlanner(project: project, calibrations: [.buildkit: kit, .buildx: x])
        let t = 0.3 - 5_000 * 10 / 100_006_032.0
        let pooled = (130_016_032 + 30_005_000) / (7.3 + 0.5 + 4.1 - 3 * t)
        let kitRates = try #require(planner.rates(for: .buildkit)), xRates = try #require(planner.rates(for: .buildx))
        #expect(abs(kitRates.buildCommandSeconds - t) < 1e-9)
        #expect(abs(kitRates.extractionBytesPerSecond - pooled) < 1e-6)
        #expect(abs(xRates.extractionBytesPerSecond - pooled) < 1e-6)
    }
}

@Suite struct BuildxCalibrationRateTests {
    /// registry-max's calibration on docker-26.1 (same run): the cold build's one build phase took 135.2 s, of which
    /// its steps ran 55.4 s; the no-change build, every step served, took 17.4 s. No push phase: buildx pushes and
    /// exports its cache inside the build.
    static func build(_ id: Int64, _ scenario: String, position: Int, wall: Double, steps: [Double]) -> BuildDetail {
        let record = BuildRecord(id: id, runId: 1, strategy: "registry-max", scenario: scenario, iteration: 1, chainPosition: position,
                                 status: .ok, wallSeconds: wall, engine: "docker-26.1")
        let phase = PhaseRecord(id: id * 10, buildId: id, ordinal: 0, kind: .build,
                                argv: ["docker", "buildx", "build", "--push"], wallSeconds: wall, exitCode: 0, output: "")
        let records = steps.enumerated().map { i, seconds in
            StepRecord(buildId: id, phaseId: id * 10, ordinal: i, stage: "compile-image", stepIndex: i + 1, stepOf: nil,
                       instruction: "RUN \(i)", cached: position > 0, seconds: position > 0 ? nil : seconds)
        }
        return BuildDetail(build: record, phases: [phase], steps: records)
    }

    @Test func fixedCostFromTheAllCachedBuildAndExportRateFromTheColdOne() {
        let cold = Self.build(2, "cold", position: 0, wall: 135.2, steps: [10.1, 7.2, 37.1, 0.2, 0.1, 0.7])
        let again = Self.build(4, "no-change", position: 1, wall: 17.4, steps: [0, 0, 0, 0, 0, 0])
        let calibration = BuilderCalibration(builder: .buildx, builds: [cold, again], borrowed: BuildxCellWorkTests.buildx().images)
        // t_build = 17.4 s (the all-cached build), not 135.2 − 55.4 = 79.8 s, which holds the whole cold export.
        #expect(abs((calibration.buildCommandSeconds ?? 0) - 17.4) < 1e-9)
        // The cold export sent every layer once: 30 MB + 20 MB + 80 MB + 32 B + 1 kB + 10 kB + 5 kB = 130,016,032 B,
        // in 135.2 − 55.4 − 17.4 = 62.4 s.
        #expect(abs((calibration.pushBytesPerSecond ?? 0) - 130_016_032 / 62.4) < 1e-3)
    }
}
