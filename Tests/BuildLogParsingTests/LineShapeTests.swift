import BuildLogParsing
import Foundation
import Testing

/// One real (or realistic) line per shape, and the only shape it may match.
let shapeSamples: [(line: String, shape: any LineShape.Type)] = [
    ("", BlankLine.self),
    ("#5 0.451 Get:1 http://debian-mirror.example/debian bookworm InRelease [151 kB]", BuildKitLogOutput.self),
    ("#7 0.105", BuildKitLogOutput.self),
    ("#5 [compile-image 2/6] RUN apt-get update", BuildKitStepVertex.self),
    ("#6 [stage-1  1/2] RUN exit 3", BuildKitStepVertex.self),
    ("#5 [1/3] FROM docker.io/library/debian:bookworm-slim", BuildKitStepVertex.self),
    ("#12 CACHED", BuildKitCached.self),
    ("#5 DONE 2.3s", BuildKitDone.self),
    ("#5 DONE 12s", BuildKitDone.self),
    ("#5 ERROR: executor failed running [/bin/sh -c echo start && exit 3]: exit code: 3", BuildKitError.self),
    ("#5 CANCELED", BuildKitCanceled.self),
    ("#4 sha256:e61851e98b43c56cbaec214ee450318781f647b1e7e1a568a641d4299b6f4ddf", BuildKitVertexDigest.self),
    ("#1 [internal] load build definition from Dockerfile", BuildKitVertexText.self),
    ("#7 importing cache manifest from 127.0.0.1:5000/t/hello:latest", BuildKitVertexText.self),
    ("#13 exporting to image", BuildKitVertexText.self),
    // buildx 0.13 on dockerd 26 (registry-max, local: Fixtures/buildx26-*.log)
    ("#14 preparing build cache for export 29.1s done", BuildKitVertexText.self),
    ("#14 writing cache manifest sha256:138ff876df8ae9f2cb8b3f06d09740171f3f84e921b97eaa07c3b76670f5eb1c 0.0s done", BuildKitVertexText.self),
    ("#15 pushing 127.0.0.1:35779/r1-i1/registry-max/hello-c:latest with docker", BuildKitVertexText.self),
    ("#4 ERROR: failed to configure registry cache importer: 127.0.0.1:35779/r1-i1/registry-max/hello-c:buildcache: not found", BuildKitError.self),
    ("WARNING: local cache import at /w/ci-cache-runner not found due to err: could not read /w/ci-cache-runner/index.json: open /w/ci-cache-runner/index.json: no such file or directory", BuildxWarning.self),
    ("#14 exporting cache", BuildKitVertexText.self),
    ("#8 pushing layers 0.3s done", BuildKitVertexText.self),
    ("#9 writing layer sha256:4444444444444444444444444444444444444444444444444444444444444444 0.1s done", BuildKitWritingLayer.self),
    ("#14 writing layer sha256:1614335771bbd3ea1ec4792fe6998baaaebe95940f8c2f36671358653c173c19", BuildKitWritingLayer.self),
    ("#14 writing layer sha256:1614335771bbd3ea1ec4792fe6998baaaebe95940f8c2f36671358653c173c19 done", BuildKitWritingLayer.self),
    ("#14 writing config sha256:f7fee922affa6bf66edfea2b469a358f1b071342ed0525402655fb354e843aad 0.0s done", BuildKitVertexText.self),
    ("#15 pushing layer 51bba1ee2299", BuildKitPushingLayer.self),
    ("#15 pushing layer 3bb4caf0b601 0.1s done", BuildKitPushingLayer.self),
    ("#15 pushing layer 99d611079a4a done", BuildKitPushingLayer.self),
    ("#9 sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1 32B / 32B 0.1s done", BuildKitBlobProgress.self),
    ("#12 sha256:b433c2c2e8cc7597ffdce686ad1d64e146ef6f0837bd55e73ea9806f34c472f7 2.28kB / 2.28kB done", BuildKitBlobProgress.self),
    ("#9 sha256:99d611079a4a58b3b3cf573796f42c3ce3cfeea849a90272067768f797c8cc29 0B / 93.29MB 0.2s", BuildKitBlobProgress.self),
    // docker 20.10's BuildKit 0.8: a lazy pull under a cached step (Fixtures/buildkit-inline-nochange-fresh-daemon.log)
    ("#12 pulling sha256:a103c317957a17cd5fbc932ec119cfb450a36b2d7ef483a97f88c8f42b32c7aa", BuildKitPullingBlob.self),
    ("#12 pulling sha256:a103c317957a17cd5fbc932ec119cfb450a36b2d7ef483a97f88c8f42b32c7aa 0.6s done", BuildKitPullingBlob.self),
    ("#4 resolve docker.io/library/debian:bookworm-slim@sha256:2982f9a2990145c7085df90010bf57db1b618acb7b23ed0707b5098a65bc4939 done", BuildKitVertexText.self),
    ("#4 extracting sha256:a103c317957a17cd5fbc932ec119cfb450a36b2d7ef483a97f88c8f42b32c7aa 3.3s done", BuildKitExtracting.self),
    ("#9 extracting sha256:705d4d996448f9f9800347a1bd4910e263307429ca60b6a53c893a60385824c4", BuildKitExtracting.self),
    ("#4 sha256:a103c317957a17cd5fbc932ec119cfb450a36b2d7ef483a97f88c8f42b32c7aa 27.26MB / 93.29MB 0.2s", BuildKitBlobProgress.self),
    ("#13 pushing layers 0.0s done", BuildKitVertexText.self),
    ("#2 [auth] library/debian:pull token for 127.0.0.1:5000", BuildKitVertexText.self),
    ("------", BuildKitErrorRule.self),
    ("--------------------", BuildKitErrorRule.self),
    (" > [build 2/2] RUN echo start && exit 3:", BuildKitErrorHeader.self),
    ("Dockerfile:6", BuildKitDockerfileExcerpt.self),
    ("   6 | >>> RUN exit 3", BuildKitDockerfileExcerpt.self),
    ("executor failed running [/bin/sh -c echo start && exit 3]: exit code: 3", BuildKitFatal.self),
    (#"ERROR: failed to solve: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3"#, BuildKitFatal.self),
    (#"{"vertexes":[{"digest":"sha256:01","name":"[build 1/2] FROM x","cached":true}]}"#, RawJSONStatus.self),
    (#"{"logs":[{"vertex":"sha256:01","stream":1,"data":"c3RhcnQK","timestamp":"2026-11-29T11:30:01.4Z"}]}"#, RawJSONStatus.self),
    ("Sending build context to Docker daemon  45.57kB", LegacySendingContext.self),
    ("Step 2/9 : RUN apt-get update", LegacyStep.self),
    ("Step 3 : CMD [\"sh\"]", LegacyStep.self),
    (" ---> Using cache", LegacyUsingCache.self),
    (" ---> Running in bc7c1b4b92f4", LegacyRunningIn.self),
    (" ---> 01732d5a2e68", LegacyImageID.self),
    ("Removing intermediate container bc7c1b4b92f4", LegacyRemovedContainer.self),
    (" ---> Removed intermediate container 5b0c4f1f0e2a", LegacyRemovedContainer.self),
    ("Successfully built 44f85758a116", LegacySuccessfullyBuilt.self),
    ("The command '/bin/sh -c echo start && exit 3' returned a non-zero code: 3", LegacyCommandFailed.self),
    ("DEPRECATED: The legacy builder is deprecated and will be removed in a future release.", LegacyDeprecation.self),
    ("            Install the buildx component to build images with BuildKit:", LegacyDeprecationDetail.self),
    ("            https://docs.docker.com/go/buildx/", LegacyDeprecationDetail.self),
    ("Successfully tagged 127.0.0.1:5000/legacy/hello:latest", SuccessfullyTagged.self),
    ("[1/2] STEP 2/6: RUN apt-get update", BuildahStep.self),
    ("STEP 1/2: FROM debian:bookworm-slim", BuildahStep.self),
    ("--> Using cache d0dce04e078e6fc28e5ad9de5e4b5bc1a1b6fb0a1f9d3c1c6e2e0e1d1c5a7b3f", BuildahUsingCache.self),
    ("--> Pushing cache 127.0.0.1:5000/bh/cache:790162843b3b8db944461421a03fae294057ed6f09fdb877cc90df931625a2bd", BuildahCacheTransfer.self),
    ("--> Cache pulled from remote 127.0.0.1:5000/bh/cache:790162843b3b", BuildahCacheTransfer.self),
    ("--> d0dce04e078", BuildahLayerID.self),
    ("[2/2] COMMIT 127.0.0.1:5000/bh/hello:latest", BuildahCommit.self),
    ("Copying blob sha256:a103c317957a17cd5fbc932ec119cfb450a36b2d7ef483a97f88c8f42b32c7aa", BuildahImageTransfer.self),
    ("Trying to pull docker.io/library/debian:bookworm-slim...", BuildahImageTransfer.self),
    ("b8f36fbd8e611811cbf0428a7c0d8942eb7a7a991c5e1b306c15d8cbe4078e1d", BuildahImageID.self),
    (#"Error: error building at STEP "RUN exit 3": error while running runtime: exit status 3"#, BuildahStepError.self),
    ("The push refers to repository [127.0.0.1:5000/perstage/hello]", PushRefers.self),
    ("6a05fee0fcf7: Preparing", PushLayer.self),
    ("6a05fee0fcf7: Pushed", PushLayer.self),
    ("d7c9c10c1772: Layer already exists", PushLayer.self),
    ("d7c9c10c1772: Mounted from legacy/hello", PushLayer.self),
    ("d7c9c10c1772: Pushing [==>          ]  1.2MB/3.4MB", PushLayer.self),
    ("compile-stage: digest: sha256:3bc067af0f7c7eec4e69093ad02ff2a0356962aa0361ec7f4f286517c36ca772 size: 1369", PushDigest.self),
    ("latest: Pulling from perstage/hello", PullFrom.self),
    ("a103c317957a: Pulling fs layer", PullLayer.self),
    ("a103c317957a: Verifying Checksum", PullLayer.self),
    ("a103c317957a: Download complete", PullLayer.self),
    ("a103c317957a: Pull complete", PullLayer.self),
    ("a103c317957a: Already exists", PullLayer.self),
    ("a103c317957a: Downloading [=====>       ]  27.3MB/93.29MB", PullLayer.self),
    ("a103c317957a: Extracting [=====>       ]  27.3MB/93.29MB", PullLayer.self),
    ("0c8b7fe2d3d0: Waiting", LayerWaiting.self),
    ("Digest: sha256:2982f9a2990145c7085df90010bf57db1b618acb7b23ed0707b5098a65bc4939", PullDigest.self),
    ("Status: Downloaded newer image for 127.0.0.1:5000/perstage/hello:latest", PullStatus.self),
    ("127.0.0.1:5000/perstage/hello:compile-stage", PullImageRef.self),
    ("Error response from daemon: manifest for x:latest not found: manifest unknown: manifest unknown", CommandError.self),
    (#"{"Comment":"","CreatedAt":"2026-11-29T11:13:00Z","CreatedBy":"","CreatedSince":"8 minutes ago","ID":"\u003cmissing\u003e","Size":"199MB"}"#, HistoryRow.self),
]

func name(_ t: any LineShape.Type) -> String { String(describing: t) }

@Suite("Line shapes")
struct LineShapeTests {
    @Test func everyShapeHasASample() {
        let sampled = Set(shapeSamples.map { name($0.shape) })
        #expect(Set(LineShapes.all.map(name)) == sampled)
    }

    @Test func eachSampleMatchesExactlyItsShape() {
        for (line, shape) in shapeSamples {
            let matched = LogLine.with(line) { LineShapes.matching($0) }.map(name)
            #expect(matched == [name(shape)], "\(line)")
        }
    }

    /// xcbeautify's UniqueCaptureGroupTests: no real line may mean two things.
    @Test func noFixtureLineMatchesTwoShapes() {
        var checked = 0
        for file in Fixtures.allNames {
            for line in Fixtures.lines(file) {
                let matched = LogLine.with(String(line)) { LineShapes.matching($0) }.map(name)
                #expect(matched.count <= 1, "\(file): \(line) matches \(matched)")
                checked += 1
            }
        }
        #expect(checked > 1500)
    }

    /// The documented raw-string pattern of every shape accepts exactly the lines its hand-written matcher accepts.
    @Test func documentedPatternsAgreeWithMatchers() throws {
        var lines = Set(shapeSamples.map(\.line))
        for file in Fixtures.allNames {
            for line in Fixtures.lines(file) { lines.insert(LogLine.with(String(line)) { $0.string }) }
        }
        for shape in LineShapes.all {
            let regex = try Regex(shape.pattern)
            for line in lines where line.utf8.count < 400 {
                let byRegex = line.wholeMatch(of: regex) != nil
                let byHand = LogLine.with(line) { shape.init($0) } != nil
                #expect(byRegex == byHand, "\(name(shape)) on \(line): regex \(byRegex), matcher \(byHand)")
            }
        }
    }

    @Test func captures() throws {
        let step = try #require(LogLine.with("#6 [stage-1  1/2] RUN exit 3") { BuildKitStepVertex($0) })
        #expect(step.vertex == 6 && step.stage == "stage-1" && step.index == 1 && step.of == 2 && step.instruction == "RUN exit 3")
        let plain = try #require(LogLine.with("#5 [1/3] FROM x") { BuildKitStepVertex($0) })
        #expect(plain.stage == nil && plain.index == 1 && plain.of == 3)
        #expect(LogLine.with("#1 [internal] load .dockerignore") { BuildKitStepVertex($0) } == nil)
        #expect(LogLine.with("#5 DONE 8.5s") { BuildKitDone($0)?.seconds } == 8.5)
        let legacy = try #require(LogLine.with("Step 2/9 : RUN apt-get update") { LegacyStep($0) })
        #expect(legacy.index == 2 && legacy.of == 9 && legacy.instruction == "RUN apt-get update")
        let failed = try #require(LogLine.with("The command '/bin/sh -c exit 3' returned a non-zero code: 3") { LegacyCommandFailed($0) })
        #expect(failed.code == 3)
        let buildah = try #require(LogLine.with("[1/2] STEP 2/6: RUN apt-get update") { BuildahStep($0) })
        #expect(buildah.stageNumber == 1 && buildah.stageCount == 2 && buildah.index == 2 && buildah.of == 6)
        let digest = try #require(LogLine.with("latest: digest: sha256:120dfd74c4023d2fd3fe32b6c577493eaa57faf371b8d256426be9a006651211 size: 737") { PushDigest($0) })
        #expect(digest.tag == "latest" && digest.size == 737)
        #expect(LogLine.with("d7c9c10c1772: Mounted from legacy/hello") { PushLayer($0)?.status } == .mounted("legacy/hello"))
        #expect(LogLine.with("a103c317957a: Downloading [=>  ]  27.3MB/93.29MB") { PullLayer($0)?.status } == .downloading(93_290_000))
    }
}
