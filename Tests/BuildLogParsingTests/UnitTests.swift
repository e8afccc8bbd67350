import BuildLogParsing
import Foundation
import Testing

@Suite("Values")
struct ValueTests {
    @Test(arguments: [
        ("0B", Int64(0)), ("895B", 895), ("6.5kB", 6_500), ("16kB", 16_000), ("93.3MB", 93_300_000),
        ("1.2GB", 1_200_000_000), ("199MB", 199_000_000), ("1.5MiB", 1_572_864),
    ])
    func humanSizes(_ text: String, _ bytes: Int64) {
        #expect(HumanSize.bytes(text) == bytes)
    }

    @Test func badSizes() {
        #expect(HumanSize.bytes("") == nil)
        #expect(HumanSize.bytes("MB") == nil)
        #expect(HumanSize.bytes("12 parsecs") == nil)
    }

    @Test func rfc3339() throws {
        let a = try #require(RFC3339.seconds("2026-11-29T11:30:04.610000001Z"))
        let b = try #require(RFC3339.seconds("2026-11-29T11:30:06.912345678Z"))
        #expect(abs((b - a) - 2.302345677) < 1e-6)
        #expect(RFC3339.seconds("1970-01-01T00:00:00Z") == 0)
        #expect(RFC3339.seconds("1970-01-01T01:00:00+01:00") == 0)
        #expect(RFC3339.seconds("2026-11-29") == nil)
        #expect(RFC3339.seconds("garbage") == nil)
    }

    @Test func historyCreatedByNormalised() {
        #expect(HistoryRow.normalise("RUN /bin/sh -c apt-get update # buildkit") == "RUN apt-get update")
        #expect(HistoryRow.normalise("/bin/sh -c apt-get update") == "RUN apt-get update")
        #expect(HistoryRow.normalise("/bin/sh -c #(nop) WORKDIR /root") == "WORKDIR /root")
        #expect(HistoryRow.normalise("WORKDIR /root") == "WORKDIR /root")
        #expect(HistoryRow.normalise("") == nil)
    }

    @Test func jsonOutputShape() throws {
        let log = try Fixtures.parse("buildkit-error.log")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(log.jsonText().utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["format", "steps", "layers", "unmatchedLines", "error", "digest"])
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(Set(steps[0].keys) == ["stage", "index", "of", "instruction", "cached", "seconds", "error"])
        #expect(steps[0]["error"] is NSNull)
        #expect(object["format"] as? String == "buildkit-plain")
        let pushed = try #require(try JSONSerialization.jsonObject(with: Data(Fixtures.parse("push-latest.log").jsonText().utf8)) as? [String: Any])
        let layers = try #require(pushed["layers"] as? [[String: Any]])
        #expect(Set(layers[0].keys) == ["id", "action", "bytes", "createdBy"])
        #expect(layers.map { $0["action"] as? String } == ["pushed", "exists"])
        #expect(log.rendered(as: .text).contains("RUN echo start && exit 3"))
    }
}

@Suite("Opening files")
struct FileErrorTests {
    @Test func missingFileAndDirectory() {
        #expect(throws: LogFileError.notFound(path: "/nonexistent/x.log")) {
            try ParsedLog.parse(contentsOf: URL(fileURLWithPath: "/nonexistent/x.log"))
        }
        #expect(throws: LogFileError.isDirectory(path: Fixtures.directory.path)) {
            try ParsedLog.parse(contentsOf: Fixtures.directory)
        }
    }
}
