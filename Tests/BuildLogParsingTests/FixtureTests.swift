import BuildLogParsing
import Foundation
import Testing

/// What every fixture must parse to. `unmatched` is pinned exactly: improve the parser, then lower it.
struct Expectation: Sendable, CustomTestStringConvertible {
    var file: String
    var format: LogFormat
    var steps: Int
    var cached: Int
    var unmatched: Int
    var layers: Int = 0
    var error: Bool = false
    var testDescription: String { file }
}

let expectations: [Expectation] = [
    .init(file: "buildah-layers-cache-to-cold.log", format: .buildah, steps: 9, cached: 0, unmatched: 0),
    .init(file: "buildah-layers-cache-from-source-change.log", format: .buildah, steps: 9, cached: 5, unmatched: 0),
    .init(file: "buildkit-error.log", format: .buildkitPlain, steps: 2, cached: 0, unmatched: 0, error: true),
    // dockerd 26.1 + buildx 0.13, hello-c (7 step vertices: compile-image 1-6 and runtime-image 2/2; its FROM is the
    // same vertex as compile-image's). Counts by `grep -E '^#[0-9]+ \[[^]]*[0-9]+/[0-9]+\] ' | sort -u` and `^#N CACHED$`.
    // registry-max / local after a source change: both apt steps, WORKDIR and the runtime stage's COPY --from (an identical
    // binary) cached; WORKDIR's header repeats while the cached layers are lazily pulled (one step, DONE 31.5s).
    // Layers: what BuildKit moved itself, one per action and blob, counted by hand with grep: blobs whose progress line
    // ends `done` under a vertex that is not a FROM (imports), `writing layer sha256:` (cache exports), `pushing layer`
    // (buildx's --push). registry-max source-change: 5 imported + 7 exported + 3 pushed; cold: 7 + 3.
    .init(file: "buildx26-registry-max-cold.log", format: .buildkitPlain, steps: 7, cached: 0, unmatched: 0, layers: 10),
    .init(file: "buildx26-registry-max-source-change.log", format: .buildkitPlain, steps: 7, cached: 4, unmatched: 0, layers: 15),
    .init(file: "buildx26-registry-min-cold.log", format: .buildkitPlain, steps: 7, cached: 0, unmatched: 0, layers: 5),
    .init(file: "buildx26-registry-min-source-change.log", format: .buildkitPlain, steps: 7, cached: 1, unmatched: 0, layers: 6),
    .init(file: "buildx26-inline-cold.log", format: .buildkitPlain, steps: 7, cached: 0, unmatched: 0, layers: 3),
    .init(file: "buildx26-inline-source-change.log", format: .buildkitPlain, steps: 7, cached: 1, unmatched: 0, layers: 4),
    .init(file: "buildx26-local-cold.log", format: .buildkitPlain, steps: 7, cached: 0, unmatched: 0, layers: 10),
    .init(file: "buildx26-local-source-change.log", format: .buildkitPlain, steps: 7, cached: 4, unmatched: 0, layers: 15),
    // Run 1 of 2026-11-30 (same engine, `--strategies registry-max,registry-min,inline-buildx,local,inline --scenarios
    // cold,no-change,source-change`): registry-max's no-change and source-change builds and inline's (docker build with
    // BuildKit) no-change build. In -2, the downloads of two cached layers have no progress line, only `extracting`.
    .init(file: "buildx26-registry-max-no-change.log", format: .buildkitPlain, steps: 7, cached: 6, unmatched: 0, layers: 12),
    .init(file: "buildx26-registry-max-no-change-lazy.log", format: .buildkitPlain, steps: 2, cached: 1, unmatched: 0, layers: 7),
    .init(file: "buildx26-registry-max-source-change-2.log", format: .buildkitPlain, steps: 7, cached: 4, unmatched: 0, layers: 15),
    .init(file: "buildkit26-inline-no-change.log", format: .buildkitPlain, steps: 7, cached: 6, unmatched: 0, layers: 2),
    .init(file: "buildkit26-naive-source-change.log", format: .buildkitPlain, steps: 7, cached: 0, unmatched: 0),
    .init(file: "push26-naive-cold.log", format: .push, steps: 0, cached: 0, unmatched: 0, layers: 3),
    .init(file: "push26-naive-source-change.log", format: .push, steps: 0, cached: 0, unmatched: 0, layers: 3),
    .init(file: "pull26-naive-legacy-source-change.log", format: .pull, steps: 0, cached: 0, unmatched: 0, layers: 2),
    .init(file: "buildkit-inline-cold.log", format: .buildkitPlain, steps: 7, cached: 0, unmatched: 0),
    .init(file: "buildkit-inline-nochange-fresh-daemon.log", format: .buildkitPlain, steps: 7, cached: 6, unmatched: 0, layers: 2),
    .init(file: "buildkit-inline-source-change-fresh-daemon.log", format: .buildkitPlain, steps: 7, cached: 1, unmatched: 0, layers: 1),
    .init(file: "buildkit-perstage-cold-compile.log", format: .buildkitPlain, steps: 6, cached: 0, unmatched: 0),
    .init(file: "buildkit-perstage-cold-runtime.log", format: .buildkitPlain, steps: 7, cached: 6, unmatched: 0),
    .init(file: "buildkit-perstage-src-compile.log", format: .buildkitPlain, steps: 6, cached: 3, unmatched: 0, layers: 4),
    .init(file: "buildkit-perstage-src-runtime.log", format: .buildkitPlain, steps: 7, cached: 6, unmatched: 0, layers: 1),
    .init(file: "buildkit-rawjson-error.jsonl", format: .buildkitRawjson, steps: 2, cached: 1, unmatched: 0, error: true),
    .init(file: "buildkit-rawjson-source-change.jsonl", format: .buildkitRawjson, steps: 7, cached: 1, unmatched: 0),
    .init(file: "history-buildkit.jsonl", format: .history, steps: 0, cached: 0, unmatched: 0, layers: 3),
    .init(file: "history-legacy.jsonl", format: .history, steps: 0, cached: 0, unmatched: 0, layers: 3),
    // `docker history --no-trunc --human=false --format '{{json .}}'` as cachebench runs it after a build: dockerd 26.1
    // (containerd store, buildx) and 20.10 (legacy builder); one row per instruction of the final stage plus the base's.
    .init(file: "history26-registry-max-cold.jsonl", format: .history, steps: 0, cached: 0, unmatched: 0, layers: 4),
    .init(file: "history26-registry-max-no-change.jsonl", format: .history, steps: 0, cached: 0, unmatched: 0, layers: 4),
    .init(file: "history20-single-tag-cold.jsonl", format: .history, steps: 0, cached: 0, unmatched: 0, layers: 4),
    .init(file: "history20-single-tag-no-change.jsonl", format: .history, steps: 0, cached: 0, unmatched: 0, layers: 4),
    .init(file: "legacy-error.log", format: .legacy, steps: 2, cached: 0, unmatched: 0, layers: 1, error: true),
    .init(file: "legacy-naive-cold.log", format: .legacy, steps: 9, cached: 0, unmatched: 0, layers: 1),
    .init(file: "legacy-naive-pulled-latest-no-cache-from.log", format: .legacy, steps: 9, cached: 0, unmatched: 0, layers: 1),
    .init(file: "legacy-perstage-cold-compile.log", format: .legacy, steps: 6, cached: 0, unmatched: 0, layers: 1),
    .init(file: "legacy-perstage-cold-runtime.log", format: .legacy, steps: 9, cached: 5, unmatched: 0),
    .init(file: "legacy-perstage-src-compile.log", format: .legacy, steps: 6, cached: 3, unmatched: 0, layers: 1),
    .init(file: "legacy-perstage-src-runtime.log", format: .legacy, steps: 9, cached: 7, unmatched: 0),
    .init(file: "pull-compile.log", format: .pull, steps: 0, cached: 0, unmatched: 0, layers: 5),
    .init(file: "pull-latest.log", format: .pull, steps: 0, cached: 0, unmatched: 0, layers: 2),
    .init(file: "pull-legacy-latest.log", format: .pull, steps: 0, cached: 0, unmatched: 0, layers: 2),
    .init(file: "push-compile-2.log", format: .push, steps: 0, cached: 0, unmatched: 0, layers: 5),
    .init(file: "push-compile.log", format: .push, steps: 0, cached: 0, unmatched: 0, layers: 5),
    .init(file: "push-latest-2.log", format: .push, steps: 0, cached: 0, unmatched: 0, layers: 2),
    .init(file: "push-latest.log", format: .push, steps: 0, cached: 0, unmatched: 0, layers: 2),
    .init(file: "push-legacy-cold.log", format: .push, steps: 0, cached: 0, unmatched: 0, layers: 2),
    .init(file: "synthetic-buildah-cached.log", format: .buildah, steps: 9, cached: 5, unmatched: 0),
    .init(file: "synthetic-buildah-error.log", format: .buildah, steps: 2, cached: 0, unmatched: 0, error: true),
    .init(file: "synthetic-buildx-error.log", format: .buildkitPlain, steps: 3, cached: 1, unmatched: 0, error: true),
    .init(file: "synthetic-buildx-registry-cache.log", format: .buildkitPlain, steps: 3, cached: 1, unmatched: 0, layers: 1),
    .init(file: "synthetic-legacy-banner-pull-first.log", format: .legacy, steps: 3, cached: 1, unmatched: 0, layers: 1),
    .init(file: "synthetic-pull-not-found.log", format: .pull, steps: 0, cached: 0, unmatched: 0, error: true),
]

@Suite("Every fixture log")
struct FixtureTests {
    @Test func everyFixtureHasAnExpectation() {
        #expect(Set(Fixtures.allNames) == Set(expectations.map(\.file)))
    }

    @Test(arguments: expectations)
    func detectedFormatCountsAndPinnedUnmatched(_ e: Expectation) throws {
        let log = try Fixtures.parse(e.file)
        #expect(log.format == e.format)
        #expect(log.steps.count == e.steps)
        #expect(log.steps.filter(\.cached).count == e.cached)
        #expect(log.unmatchedLines == e.unmatched, "pinned: lower the expectation when the parser improves")
        #expect(log.layers.count == e.layers)
        #expect((log.error != nil) == e.error)
    }

    @Test(arguments: expectations)
    func explicitFormatGivesTheSameResult(_ e: Expectation) throws {
        #expect(try Fixtures.parse(e.file, format: e.format) == Fixtures.parse(e.file))
    }

    @Test(arguments: expectations)
    func lineFeedingEqualsFileStreaming(_ e: Expectation) throws {
        var parser = StreamingLogParser()
        for line in Fixtures.lines(e.file) { parser.consume(line, at: nil) }
        #expect(parser.finish(at: nil) == (try Fixtures.parse(e.file)))
        #expect(ParsedLog.parse(text: Fixtures.text(e.file)) == (try Fixtures.parse(e.file)))
    }

    @Test(arguments: expectations, [1, 7, 4096])
    func anyChunkingGivesTheSameResult(_ e: Expectation, chunk: Int) throws {
        let data = Array(Fixtures.data(e.file))
        var parser = StreamingLogParser()
        var i = 0
        while i < data.count {
            parser.consume(bytes: data[i..<min(i + chunk, data.count)], at: nil)
            i += chunk
        }
        #expect(parser.finish(at: nil) == (try Fixtures.parse(e.file)))
    }

    // MARK: BuildKit details

    @Test func sourceChangeRebuildsCompileStageButCopyFromIsCached() throws {
        let log = try Fixtures.parse("buildkit-inline-source-change-fresh-daemon.log")
        let update = try #require(log.steps.first { $0.instruction == "RUN apt-get update" })
        #expect(update.stage == "compile-image" && update.index == 2 && update.of == 6)
        #expect(!update.cached)
        #expect(update.seconds == 2.3)
        let copy = try #require(log.steps.first { $0.instruction.hasPrefix("COPY --from=compile-image") })
        #expect(copy.cached && copy.stage == "runtime-image" && copy.index == 2 && copy.of == 2)
        #expect(copy.seconds == nil)
        #expect(log.steps.map(\.seconds) == [4.1, 2.3, 9.1, 0.0, 0.0, 0.3, nil])
        #expect(log.steps[0].instruction.hasPrefix("FROM docker.io/library/debian:bookworm-slim@sha256:"))
        #expect(log.steps[0].index == 1)
    }

    @Test func coldBuildTimings() throws {
        let log = try Fixtures.parse("buildkit-inline-cold.log")
        #expect(log.steps.map(\.seconds) == [4.2, 2.6, 8.8, 0.0, 0.0, 0.3, 0.0])
        #expect(log.steps.allSatisfy { $0.error == nil })
    }

    @Test func stepsInOrderOfFirstAppearance() throws {
        let log = try Fixtures.parse("buildkit-inline-nochange-fresh-daemon.log")
        #expect(log.steps.map(\.index) == [1, 4, 2, 5, 3, 6, 2])
        #expect(!log.steps[0].cached)  // the FROM vertex printed DONE, not CACHED
    }

    @Test func buildKitErrorAttachesToItsVertex() throws {
        let log = try Fixtures.parse("buildkit-error.log")
        #expect(log.steps[1].error == "executor failed running [/bin/sh -c echo start && exit 3]: exit code: 3")
        #expect(log.steps[1].seconds == nil)
        #expect(log.error == "executor failed running [/bin/sh -c echo start && exit 3]: exit code: 3")
    }

    @Test func cacheImportErrorIsNotABuildError() throws {
        let log = try Fixtures.parse("buildkit-perstage-cold-runtime.log")
        #expect(log.error == nil)
        #expect(log.steps.allSatisfy { $0.error == nil })
    }

    @Test func buildxInterleavedPaddedCanceled() throws {
        let log = try Fixtures.parse("synthetic-buildx-error.log")
        #expect(log.steps.map(\.stage) == ["base", "base", "stage-1"])
        #expect(log.steps.map(\.instruction) == [
            "FROM docker.io/library/debian:bookworm-slim@sha256:2982f9a2990145c7085df90010bf57db1b618acb7b23ed0707b5098a65bc4939",
            "RUN sleep 1 && echo a", "RUN exit 3",
        ])
        #expect(log.steps[2].error == #"process "/bin/sh -c exit 3" did not complete successfully: exit code: 3"#)
        #expect(log.steps[1].error == nil && log.steps[1].seconds == nil)  // CANCELED
        #expect(log.error == #"failed to solve: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3"#)
    }

    @Test func singleStageAndAuthVertex() throws {
        let log = try Fixtures.parse("synthetic-buildx-registry-cache.log")
        #expect(log.steps.map(\.stage) == [nil, nil, nil])
        #expect(log.steps.map(\.index) == [1, 2, 3])
        #expect(log.steps.map(\.seconds) == [0.0, nil, 0.2])
    }

    // MARK: rawjson

    @Test func rawJSONTimesFromStartedAndCompleted() throws {
        let log = try Fixtures.parse("buildkit-rawjson-source-change.jsonl")
        let update = log.steps[1]
        #expect(update.instruction == "RUN apt-get update" && update.stage == "compile-image")
        #expect(abs((update.seconds ?? 0) - 2.302345678) < 1e-6)
        #expect(log.steps.last?.cached == true)
        #expect(log.steps.filter { !$0.cached }.allSatisfy { $0.seconds != nil })
    }

    @Test func rawJSONError() throws {
        let log = try Fixtures.parse("buildkit-rawjson-error.jsonl")
        #expect(log.steps[1].error == #"process "/bin/sh -c echo start && exit 3" did not complete successfully: exit code: 3"#)
        #expect(log.error?.hasPrefix("failed to solve: ") == true)
    }

    // MARK: legacy

    @Test func legacyErrorAttachesToLastStepAndLog() throws {
        let log = try Fixtures.parse("legacy-error.log")
        let message = "The command '/bin/sh -c echo start && exit 3' returned a non-zero code: 3"
        #expect(log.steps.last?.error == message)
        #expect(log.error == message)
        #expect(log.steps.map(\.stage) == [nil, nil])
        #expect(log.layers == [ParsedLayer(id: "a103c317957a", action: .alreadyExists)])
        #expect(log.digest == nil)  // the base image's digest is not the build's
    }

    @Test func legacyCacheFlags() throws {
        let log = try Fixtures.parse("legacy-perstage-src-compile.log")
        #expect(log.steps.map(\.cached) == [false, true, true, true, false, false])
        #expect(log.steps.map(\.index) == [1, 2, 3, 4, 5, 6])
        #expect(log.steps.allSatisfy { $0.of == 6 && $0.seconds == nil })
    }

    @Test func legacyBannerAndPullFirst() throws {
        let log = try Fixtures.parse("synthetic-legacy-banner-pull-first.log")
        #expect(log.steps.map(\.index) == [1, 2, 3])
        #expect(log.steps.map(\.of) == [3, 3, nil])  // old `Step 3 :` form
        #expect(log.steps.map(\.cached) == [false, false, true])
    }

    /// A step lasts from its line to the next step line, the last one to `finish(at:)`.
    @Test(arguments: expectations.filter { $0.format == .legacy || $0.format == .buildah })
    func legacyAndBuildahTimingsFromTimestamps(_ e: Expectation) throws {
        let lines = Fixtures.lines(e.file)
        var parser = StreamingLogParser()
        var stepStarts: [Double] = []
        for (n, line) in lines.enumerated() {
            let at = Double(n) * 0.25 + 1
            let trimmed = line.drop(while: { $0 == "\r" })
            if trimmed.hasPrefix("Step ") || trimmed.contains("STEP ") && !trimmed.hasPrefix("Error") && !trimmed.hasPrefix("error") {
                stepStarts.append(at)
            }
            parser.consume(line, at: at)
        }
        let end = Double(lines.count) * 0.25 + 1
        let log = parser.finish(at: end)
        let expected = zip(stepStarts, stepStarts.dropFirst() + [end]).map { $1 - $0 }
        #expect(log.steps.map { $0.seconds ?? -1 } == expected)
    }

    // MARK: buildah

    @Test func buildahStagesFromAliases() throws {
        let log = try Fixtures.parse("buildah-layers-cache-to-cold.log")
        #expect(log.steps.map(\.stage) == Array(repeating: "compile-image", count: 6) + Array(repeating: "runtime-image", count: 3))
        #expect(log.steps.map(\.index) == [1, 2, 3, 4, 5, 6, 1, 2, 3])
        let cached = try Fixtures.parse("synthetic-buildah-cached.log")
        #expect(cached.steps.map(\.cached) == [false, true, true, true, false, false, false, true, true])
        #expect(cached.steps[6].stage == "stage-1")  // unnamed second stage, named as BuildKit would
        let failed = try Fixtures.parse("synthetic-buildah-error.log")
        #expect(failed.steps.map(\.stage) == [nil, nil])
        #expect(failed.steps[1].error?.hasPrefix("error building at STEP \"RUN echo start && exit 3\"") == true)
    }

    // MARK: push / pull / history

    @Test func pushLayersAndDigest() throws {
        let log = try Fixtures.parse("push-compile-2.log")
        #expect(log.layers.map(\.id) == ["6a05fee0fcf7", "aa16bd3b9ab9", "d7c9c10c1772", "a7e495d1c3a1", "e8164094041e"])
        #expect(log.layers.map(\.action) == [.pushed, .pushed, .exists, .exists, .exists])
        #expect(log.digest == "sha256:3bc067af0f7c7eec4e69093ad02ff2a0356962aa0361ec7f4f286517c36ca772")
    }

    @Test func pullLayersAndDigest() throws {
        let log = try Fixtures.parse("pull-latest.log")
        #expect(log.layers == [
            ParsedLayer(id: "a103c317957a", action: .alreadyExists), ParsedLayer(id: "5cb7c4a96fb6", action: .pulled),
        ])
        #expect(log.digest == "sha256:120dfd74c4023d2fd3fe32b6c577493eaa57faf371b8d256426be9a006651211")
        #expect(log.error == nil)
    }

    @Test func pullNotFound() throws {
        let log = try Fixtures.parse("synthetic-pull-not-found.log")
        #expect(log.error == "Error response from daemon: manifest for 127.0.0.1:5000/perstage/hello:latest not found: manifest unknown: manifest unknown")
    }

    @Test func historyRows() throws {
        let bk = try Fixtures.parse("history-buildkit.jsonl")
        #expect(bk.layers == [
            ParsedLayer(id: "sha256:e4e74ec374f283724dc250e8a29f23e83559f498811b8dbd74d4eb40e62a3938", action: .history,
                        bytes: 0, createdBy: #"CMD ["./helloworld"]"#, createdAt: "2026-11-29T11:21:47Z"),
            ParsedLayer(id: "<missing>", action: .history, bytes: 16_000, createdBy: "COPY /root/helloworld .",
                        createdAt: "2026-11-29T11:21:47Z"),
            ParsedLayer(id: "<missing>", action: .history, bytes: 199_000_000, createdBy: nil, createdAt: "2026-11-29T11:13:00Z"),
        ])
        let legacy = try Fixtures.parse("history-legacy.jsonl")
        #expect(legacy.layers.map(\.createdBy) == [
            #"CMD ["./helloworld"]"#,
            "COPY file:25ef9a96565cd4e24fbf9d9a61d5756ded84ed3c67a3620fd6a111c47d6374cf in .", nil,
        ])
        #expect(legacy.layers.map(\.bytes) == [0, 16_000, 199_000_000])
    }

    /// `--human=false`: sizes in bytes as the engine reports them (the containerd store rounds to 4 KiB blocks:
    /// 300,000 bytes of /blob are 307,200), CreatedAt in RFC 3339.
    @Test func historyInBytesFromBothEngines() throws {
        let modern = try Fixtures.parse("history26-registry-max-cold.jsonl")
        #expect(modern.layers.map(\.bytes) == [0, 8192, 307_200, 215_384_064])
        #expect(modern.layers.map(\.createdBy) == [#"CMD ["cat" "/two"]"#, "RUN echo two > /two",
                                                   "RUN head -c 300000 /dev/urandom > /blob", nil])
        #expect(modern.layers.map(\.createdAt) == ["2026-11-30T01:54:14Z", "2026-11-30T01:54:14Z", "2026-11-30T01:54:14Z",
                                                   "2026-11-29T22:28:30Z"])
        #expect(modern.layers.dropFirst().allSatisfy { $0.id == "<missing>" })
        let legacy = try Fixtures.parse("history20-single-tag-cold.jsonl")
        #expect(legacy.layers.map(\.bytes) == [0, 4, 300_000, 198_899_714])
        #expect(legacy.layers.map(\.createdBy) == [#"CMD ["cat" "/two"]"#, "RUN echo two > /two",
                                                   "RUN head -c 300000 /dev/urandom > /blob", nil])
        #expect(legacy.layers.allSatisfy { $0.id.hasPrefix("sha256:") })
    }
}
