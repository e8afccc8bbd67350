import BenchAnalysis
@testable import BenchReports
import Foundation
import ResultStore
import Testing

/// Builders, final images, cache growth and the cost of a cache mount, from stored rows; figures computed by hand.
@Suite struct ProductsReportTests {
    static let dockerfile = """
        FROM golang:1.22 AS build
        COPY . /src
        RUN --mount=type=cache,target=/root/.cache  go build ./...
        CMD ["/app"]
        """
    static let run = RunRecord(id: 1, project: "/p", dockerfile: dockerfile, engineVersions: [:],
                               options: ["strategies":"registry-max,naive"])
    static let mountStep = "RUN --mount=type=cache,target=/root/.cache go build ./..."

    static func build(_ strategy: String, _ scenario: String, position: Int, builder: Builder?, runSeconds: Double, cached: Bool,
                      line: Int? = nil, images: [InspectedImage] = [], usage: [CacheUsageRecord] = []) -> BuildDetail {
        var step = StepRecord(ordinal: 0, stage: "build", stepIndex: 2, stepOf: nil, instruction: mountStep, cached: cached,
                              seconds: runSeconds)
        step.dockerfileLine = line
        return BuildDetail(build: BuildRecord(runId: 1, strategy: strategy, scenario: scenario, iteration: 1, chainPosition: position,
                                              status: .ok, wallSeconds: 20, builder: builder),
                           phases: [], steps: [step], images: images, cacheUsage: usage)
    }

    static func image(runReused: Bool) -> InspectedImage {
        InspectedImage(history: ImageHistoryRecord(ordinal: 0, image: "r/registry-max/app:latest", isFinal: true, argv: "[]",
                                                   exitCode: 0, output: ""),
                       layers: [
                           ImageLayerRecord(ordinal: 0, layerId: "<missing>", createdBy: #"CMD ["/app"]"#, createdAt: nil, bytes: 0,
                                            reused: false),
                           ImageLayerRecord(ordinal: 1, layerId: "<missing>", createdBy: mountStep, createdAt: nil, bytes: 2_000_000,
                                            reused: runReused),
                           ImageLayerRecord(ordinal: 2, layerId: "<missing>", createdBy: nil, createdAt: nil, bytes: 80_000_000,
                                            reused: true),
                       ])
    }

    static var analysis: RunAnalysis {
        RunAnalysis(run: run, builds: [
            build("registry-max", "cold", position: 0, builder: .buildx, runSeconds: 12, cached: false, images: [image(runReused: false)],
                  usage: [CacheUsageRecord(backend: "registry", location: "r1-i1/registry-max/app", bytes: 82_100_000, items: 5)]),
            build("registry-max", "no-change", position: 1, builder: .buildx, runSeconds: 0, cached: true, line: 3,
                  images: [image(runReused: true)],
                  usage: [CacheUsageRecord(backend: "registry", location: "r1-i1/registry-max/app", bytes: 82_100_000, items: 5)]),
            // Stored before images and caches were measured: no builder, no history, no cache usage.
            build("naive", "cold", position: 0, builder: nil, runSeconds: 10, cached: false),
        ])
    }

    @Test func buildersAsRecorded() {
        #expect(ProductsReport.builderLine(Self.analysis) == "builders: registry-max BuildKit via buildx (docker driver) · naive not recorded")
    }

    @Test func finalImageSizeAndReusedLayersPerBuild() {
        let lines = ProductsReport.imageLines(Self.analysis)
        // 2 MB + 80 MB + the 0-byte CMD row; the CMD row adds no layer and is not counted.
        #expect(lines.contains("  registry-max · cold: 82.0 MB, reused 1/2 layers (80.0 MB)"), "\(lines)")
        #expect(lines.contains("  registry-max · no-change: 82.0 MB, reused 2/2 layers (82.0 MB)"), "\(lines)")
        #expect(lines.contains("  naive · cold: not measured"), "\(lines)")
    }

    @Test func cacheBytesAlongTheChainAndNotMeasuredForOldBuilds() {
        let lines = ProductsReport.cacheLines(Self.analysis)
        #expect(lines.contains("  registry-max registry: cold 82.1 MB → no-change 82.1 MB"), "\(lines)")
        #expect(lines.contains("  naive registry: cold not measured"), "\(lines)")
        #expect(!lines.contains { $0.contains("10 GB") }, "the GitHub cap is noted only for type=local")
    }

    @Test func anEmptyCacheMountCostsTheRerunsMeanTime() {
        // Reruns: 12 s (registry-max cold, matched by text) and 10 s (naive cold); the no-change build (line 3) was cached.
        let lines = ProductsReport.cacheMountLines(Self.analysis)
        #expect(lines.count == 2)
        #expect(lines[1] == "  line 3 \(Self.mountStep): 11.0 s with an empty cache mount (mean of 2 rerun(s), 10.0 to 12.0 s; "
                + "1 build(s) served it from the layer cache)", "\(lines)")
    }

    @Test func csvHasEngineBuilderAndSaysNotMeasured() {
        let csv = CSVReport().render(Self.analysis).components(separatedBy: "\r\n")
        #expect(csv[0].hasSuffix(",engine,builder,final_image_bytes,registry_cache_bytes,local_cache_bytes"))
        #expect(csv[1].hasSuffix(",not recorded,buildx,82000000,82100000,"), "\(csv[1])")
        #expect(csv[3].hasSuffix(",not recorded,not recorded,not measured,not measured,not measured"), "\(csv[3])")
    }
}
