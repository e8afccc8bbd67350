@testable import BenchRunner
import BuildLogParsing
import Foundation
import ResultStore
import Testing

/// Which layers a build made and which it reused, from real `docker history` output of both engines and the start
/// times of the builds that produced it (as stored in that run's database).
@Suite struct BuildInspectionTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("BuildLogParsingTests/Fixtures")

    static func layers(_ file: String, startedAt: String) throws -> [ImageLayerRecord] {
        let text = try String(contentsOf: fixtures.appendingPathComponent(file), encoding: .utf8)
        var parser = StreamingLogParser(format: .history)
        for line in text.split(separator: "\n") { parser.consume(line, at: nil) }
        let start = try #require(ISO8601DateFormatter.withFractions.date(from: startedAt))
        return BuildInspection.layers(parser.finish(at: nil), startedAt: start)
    }

    @Test func docker26ColdMadeItsLayersAndNoChangeReusedThem() throws {
        // registry-max, cold at 01:54:04.867, no-change at 01:54:37.678: the cached rows keep the cold build's 01:54:14.
        let cold = try Self.layers("history26-registry-max-cold.jsonl", startedAt: "2026-11-30T01:54:04.867Z")
        #expect(cold.map(\.reused) == [false, false, false, true])
        let noChange = try Self.layers("history26-registry-max-no-change.jsonl", startedAt: "2026-11-30T01:54:37.678Z")
        #expect(noChange.map(\.reused) == [true, true, true, true])
        #expect(noChange.map(\.bytes) == [0, 8192, 307_200, 215_388_160])
    }

    @Test func docker20LegacyReuseIsReadFromTimesNotIds() throws {
        // single-tag, cold at 01:55:29.730, no-change (--cache-from :latest) at 01:55:47.535. The reused rows have image
        // ids, not `<missing>`: ids do not tell a pulled layer from one built here, creation times do.
        let cold = try Self.layers("history20-single-tag-cold.jsonl", startedAt: "2026-11-30T01:55:29.730Z")
        #expect(cold.map(\.reused) == [false, false, false, true])
        let noChange = try Self.layers("history20-single-tag-no-change.jsonl", startedAt: "2026-11-30T01:55:47.535Z")
        #expect(noChange.map(\.reused) == [true, true, true, true])
        #expect(noChange.allSatisfy { $0.layerId != "<missing>" })
    }

    @Test func aLayerMadeInTheSecondTheBuildStartedIsItsOwn() throws {
        // History prints whole seconds: a row stamped 01:54:14 belongs to a build that started at 01:54:14.900.
        let layers = try Self.layers("history26-registry-max-cold.jsonl", startedAt: "2026-11-30T01:54:14.900Z")
        #expect(layers.map(\.reused) == [false, false, false, true])
        let later = try Self.layers("history26-registry-max-cold.jsonl", startedAt: "2026-11-30T01:54:15.000Z")
        #expect(later.map(\.reused) == [true, true, true, true])
    }

    @Test func inspectsTheFinalImageAndEveryPushedStage() {
        let image = "127.0.0.1:5000/r1-i1/per-stage/app"
        let lines = [
            RenderedLine(kind: .pull, arguments: ["pull", "\(image):compile-image"], allowFailure: true),
            RenderedLine(kind: .build, arguments: ["build", "-t", "\(image):latest", "."], allowFailure: false),
            RenderedLine(kind: .push, arguments: ["push", "\(image):compile-image"], allowFailure: false),
            RenderedLine(kind: .push, arguments: ["push", "\(image):latest"], allowFailure: false),
        ]
        let references = BuildInspection.references(image: image, lines: lines)
        #expect(references.map(\.reference) == ["\(image):latest", "\(image):compile-image"])
        #expect(references.map(\.isFinal) == [true, false])
        // buildx --push has no push line: the final image only.
        #expect(BuildInspection.references(image: image, lines: [lines[1]]).map(\.reference) == ["\(image):latest"])
    }
}

extension ISO8601DateFormatter {
    static var withFractions: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
