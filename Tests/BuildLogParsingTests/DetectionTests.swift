import BuildLogParsing
import Foundation
import Testing

@Suite("Format detection")
struct DetectionTests {
    @Test(arguments: expectations)
    func detectedFromFirstLines(_ e: Expectation) {
        #expect(FormatDetector.detect(lines: Fixtures.lines(e.file).map(String.init)) == e.format)
    }

    @Test func legacyBuildStartingWithPullLines() {
        let lines = [
            "bookworm-slim: Pulling from library/debian", "a103c317957a: Pulling fs layer",
            "a103c317957a: Pull complete", "Step 1/2 : FROM debian:bookworm-slim", " ---> 30f88a1b5780",
            "Step 2/2 : RUN true", " ---> Using cache", " ---> 0f9e8d7c6b5a",
        ]
        let log = ParsedLog.parse(text: lines.joined(separator: "\n"))
        #expect(log.format == .legacy && log.steps.count == 2 && log.steps[1].cached)
    }

    /// More pull lines than the detection window: decided as pull, then a Step line proves a build.
    @Test func longPullPrefixUpgradesToLegacy() {
        var lines = ["bookworm-slim: Pulling from library/debian"]
        for i in 0..<40 { lines.append(String(format: "%012x: Pulling fs layer", i + 0xa00000000000)) }
        lines += ["Digest: sha256:2982f9a2990145c7085df90010bf57db1b618acb7b23ed0707b5098a65bc4939",
                  "Step 1/1 : FROM debian:bookworm-slim", " ---> 30f88a1b5780"]
        let log = ParsedLog.parse(text: lines.joined(separator: "\n"))
        #expect(log.format == .legacy && log.steps.count == 1 && log.digest == nil && log.unmatchedLines == 0)
    }

    @Test func bannerFirstIsLegacy() {
        let log = ParsedLog.parse(text: "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n")
        #expect(log.format == .legacy && log.unmatchedLines == 0)
    }

    @Test func unknownTextFallsBackAndCounts() {
        let log = ParsedLog.parse(text: "hello\nworld\n")
        #expect(log.format == .buildkitPlain && log.unmatchedLines == 2)
    }
}
