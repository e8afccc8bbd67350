import BenchAnalysis
@testable import BenchReports
import Foundation
import ResultStore
import Testing

/// Bytes BuildKit moved itself count in "pushed"/"pulled" and are itemised; figures computed by hand.
@Suite struct BuildKitBytesReportTests {
    /// A registry-max source-change build: one build phase (id 1) that imported two cached layers, re-exported one
    /// the registry held, exported one new layer and pushed the image config; and a `docker pull` phase (id 2).
    static var detail: BuildDetail {
        let build = PhaseRecord(id: 1, ordinal: 0, kind: .build, argv: ["docker", "buildx", "build"], wallSeconds: 30, exitCode: 0, output: "")
        let pull = PhaseRecord(id: 2, ordinal: 1, kind: .pull, argv: ["docker", "pull", "r/x:latest"], wallSeconds: 3, exitCode: 0, output: "")
        let layers = [
            LayerRecord(phaseId: 1, ordinal: 0, layerId: "sha256:aa", action: .imported, bytes: 40_751_234),
            LayerRecord(phaseId: 1, ordinal: 1, layerId: "sha256:bb", action: .imported, bytes: 93_294_695),
            LayerRecord(phaseId: 1, ordinal: 2, layerId: "sha256:aa", action: .exists, bytes: 40_751_234),
            LayerRecord(phaseId: 1, ordinal: 3, layerId: "sha256:cc", action: .exported, bytes: 2_281),
            LayerRecord(phaseId: 1, ordinal: 4, layerId: "sha256:dd", action: .pushed, bytes: 1_402),
            LayerRecord(phaseId: 2, ordinal: 0, layerId: "ee", action: .pulled, bytes: 5_000_000),
        ]
        return BuildDetail(build: BuildRecord(runId: 1, strategy: "registry-max", scenario: "source-change", iteration: 1,
                                              chainPosition: 2, status: .ok, wallSeconds: 40, builder: .buildx),
                           phases: [build, pull], steps: [], layers: layers)
    }

    @Test func pulledAndPushedIncludeWhatBuildKitMoved() {
        let d = Self.detail
        #expect(d.bytesImported == 134_045_929)        // 40_751_234 + 93_294_695
        #expect(d.bytesExported == 2_281)              // the held layer cost nothing
        #expect(d.bytesPushedByBuildKit == 1_402)
        #expect(d.bytesPulled == 139_045_929)          // + the docker pull's 5_000_000
        #expect(d.bytesPushed == 3_683)                // 2_281 + 1_402
        #expect(d.hasBuildKitTransfers)
    }

    @Test func markdownItemisesThemAndOlderBuildsKeepTheirWording() {
        #expect(MarkdownReport.pullSource(Self.detail) == "(BuildKit itself: imported 134.0 MB, exported 0.0 MB, pushed 0.0 MB)")
        var older = Self.detail
        older.layers = older.layers.filter { $0.phaseId == 2 }
        #expect(!older.hasBuildKitTransfers)
        #expect(MarkdownReport.pullSource(older) == "by docker pull")
        #expect(older.bytesPulled == 5_000_000)
    }
}
