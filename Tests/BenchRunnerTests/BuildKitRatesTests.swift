import BenchAnalysis
@testable import BenchRunner
import Foundation
import Testing

/// BuildKit's fixed cost, export rate and import rate on the calibration that ram-eater (a third-party project, README
/// "A third-party project measured in full") recorded on docker-26.1: run 1 of its full-matrix database, inline-per-stage
/// through cold and no-change. Layer sizes from the registry manifests of its pushes; seconds from its build phases.
@Suite struct BuildKitRatesTests {
    // ram-eater's Dockerfile (commit 39fbe3d), as built.
    static let dockerfile = """
    FROM debian:bookworm AS builder
    RUN set -xe && apt update && apt install -y build-essential
    COPY . /build/
    RUN set -xe && cd /build && make

    FROM debian:bookworm-slim
    COPY --from=builder /build/ram-eater /usr/local/bin/
    ENTRYPOINT [ "/usr/local/bin/ram-eater" ]
    """

    static func calibration() -> BuilderCalibration {
        let base = ImageLayer(id: "99d611079a4a", bytes: 93_292_415)
        var kit = BuilderCalibration(builder: .buildkit, images: [
            "builder": [base, ImageLayer(id: "c1f6973e81cc", bytes: 184_808_122), ImageLayer(id: "af8695bab7d5", bytes: 16_472),
                        ImageLayer(id: "e4610711f754", bytes: 3_029)],
            "latest": [base, ImageLayer(id: "1b980bbfefd8", bytes: 3_084)],
        ])
        // Cold: `--target builder` 226.6 s, its steps 112.5 s ("exporting layers 83.9s", "unpacking to 28.1s");
        // the final stage 2.9 s, its steps 2.1 s.
        kit.coldCommands = [.init(tag: "builder", beyondSeconds: 114.1), .init(tag: "latest", beyondSeconds: 0.8)]
        // No change, every step served: 43.4 − 0.1 s ("unpacking to 42.0s") and 1.0 s.
        kit.cachedBuilds = [[.init(tag: "builder", beyondSeconds: 43.3), .init(tag: "latest", beyondSeconds: 1.0)]]
        return kit
    }

    func planner() throws -> CellWorkPlanner {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cb-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.dockerfile.write(to: directory.appendingPathComponent("Dockerfile"), atomically: true, encoding: .utf8)
        try "int main(void) { return 0; }\n".write(to: directory.appendingPathComponent("ram-eater.c"), atomically: true, encoding: .utf8)
        let project = try Project.resolve(directory: directory, config: ProjectConfig(sourceFile: "ram-eater.c"))
        return try CellWorkPlanner(project: project, calibrations: [.buildkit: Self.calibration()])
    }

    @Test func fixedCostAndExportRateAreALineThroughTheColdCommands() throws {
        let rates = try #require(try planner().rates(for: .buildkit))
        // The builder's own layers (RUN, COPY, RUN): 184,808,122 + 16,472 + 3,029 = 184,827,623 B in 114.1 s; the
        // final stage's COPY --from: 3,084 B in 0.8 s. Slope 113.3 s / 184,824,539 B, so R_export = 1,631,284.5 B/s;
        // t_build = 0.8 − 3,084 × 113.3 / 184,824,539 = 0.798109 s (not the mean, 57.45 s).
        #expect(abs(rates.exportBytesPerSecond - 184_824_539 / 113.3) < 1e-3)
        #expect(abs(rates.buildCommandSeconds - (0.8 - 3_084 * 113.3 / 184_824_539)) < 1e-9)
        // The all-cached build unpacked the builder image (278,120,038 B) and the final one's binary (3,084 B) in
        // 43.3 + 1.0 − 2 × t_build = 42.703781 s: about 6.5 MB/s (it was 1.39 GB/s from the same build as the fixed cost).
        let t = 0.8 - 3_084 * 113.3 / 184_824_539
        #expect(abs(rates.extractionBytesPerSecond - 278_123_122 / (44.3 - 2 * t)) < 1e-3)
    }

    @Test func aColdPerStageBuildExportsTheBuilderAndAnInlineBuildOnlyItsFinalImage() throws {
        let planner = try planner()
        let perStage = try #require(planner.work(strategy: Strategy.named("inline-per-stage")!, scenario: .cold))
        #expect(perStage.exportedBytes == 184_827_623 + 3_084 && perStage.pulledBytes == 0)
        let inline = try #require(planner.work(strategy: Strategy.named("inline")!, scenario: .cold))
        #expect(inline.exportedBytes == 3_084)
        // After no change nothing is exported; inline fetches and unpacks its final image (base and binary).
        let again = try #require(planner.work(strategy: Strategy.named("inline")!, scenario: .noChange))
        #expect(again.exportedBytes == 0 && again.pulledBytes == 93_292_415 + 3_084)
    }

    @Test func theExportIsChargedPerByteAndTheFixedCostPerCommand() {
        let work = CellWork(strategy: "inline-per-stage", scenario: "cold", builder: "buildkit", buildCommands: 2)
        var exported = work
        exported.exportedBytes = 184_830_707
        let rates = MachineRates(buildCommandSeconds: 0.8, pullCommandSeconds: 0, extractionBytesPerSecond: 6_500_000,
                                 pushCommandSeconds: 0.4, pushBytesPerSecond: 0)
        var withExport = rates
        withExport.exportBytesPerSecond = 1_631_284.5
        let local = Link(name: "local", bytesPerSecond: nil, latency: 0)
        // 2 × 0.8 = 1.6 s; with the export 1.6 + 184,830,707 / 1,631,284.5 = 1.6 + 113.3038 s.
        #expect(abs(PredictionModel.predict(work, rates: withExport, link: local, spread: PredictionSpread()).overhead - 1.6) < 1e-9)
        #expect(abs(PredictionModel.predict(exported, rates: withExport, link: local, spread: PredictionSpread()).overhead
                    - (1.6 + 184_830_707 / 1_631_284.5)) < 1e-9)
        // Not measured (0): no export term.
        #expect(abs(PredictionModel.predict(exported, rates: rates, link: local, spread: PredictionSpread()).overhead - 1.6) < 1e-9)
    }
}

/// A stage built FROM another stage (Samples/multi-stage-make: `FROM toolchain`) inherits the toolchain's layers, which
/// a cold BuildKit build exports as new ones. Layer sizes from the registry manifests of the calibration's pushes
/// (docker-26.1, quiet machine, 2026-11-30); that cold `--target toolchain` printed "exporting layers 9.7s" and
/// "unpacking to ... 2.4s".
@Suite struct StageFromStageExportTests {
    static let base = ImageLayer(id: "99d611079a4a", bytes: 93_292_415)
    static let toolchain = [base, ImageLayer(id: "f994f3fe6b06", bytes: 40_745_398), ImageLayer(id: "e24af8f82e19", bytes: 198),
                            ImageLayer(id: "2642488dc2b0", bytes: 148_098_082)]

    func planner() throws -> CellWorkPlanner {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples/multi-stage-make")
        let project = try Project.resolve(directory: sample, config: ProjectConfig(sourceFile: "src/main.c"))
        let kit = BuilderCalibration(builder: .buildkit, images: [
            "toolchain": Self.toolchain,
            "cachebench-stage-1": Self.toolchain + [ImageLayer(id: "468647f5ba84", bytes: 91), ImageLayer(id: "a48186b35a86", bytes: 343),
                                                    ImageLayer(id: "548b482c563d", bytes: 2_325)],
            "latest": [Self.base, ImageLayer(id: "93ccea2e9e11", bytes: 2_377)],
        ])
        return try CellWorkPlanner(project: project, calibrations: [.buildkit: kit])
    }

    @Test func aColdPerStageBuildExportsTheToolchainItsNextStageStartsFrom() throws {
        let work = try #require(try planner().work(strategy: Strategy.named("inline-per-stage")!, scenario: .cold))
        // Every stage's own layers are new: the toolchain's update, COPY and install (40,745,398 + 198 + 148,098,082),
        // stage 1's WORKDIR, COPY and make (91 + 343 + 2,325), the final COPY --from (2,377). The base is the one the
        // FROMs pulled. The model exported only 2,759 + 2,377 B when stage 1's parent counted as a pulled base.
        #expect(work.exportedBytes == 188_843_678 + 2_759 + 2_377)
        // inline names only the final image: its binary.
        let inline = try #require(try planner().work(strategy: Strategy.named("inline")!, scenario: .cold))
        #expect(inline.exportedBytes == 2_377)
    }
}
