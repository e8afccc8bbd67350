@testable import BenchRunner
import Foundation
import Testing

@Suite struct StrategyRenderTests {
    static let context = ScriptContext(image: "R", stages: ["compile-image"], finalTarget: nil, context: "/ctx", dockerfile: "/df")

    func rendered(_ id: String, _ context: ScriptContext = context) throws -> [[String]] {
        try #require(Strategy.named(id)).render(context).map(\.arguments)
    }

    @Test func builtInIDsInReportOrder() {
        #expect(Strategy.builtIn.map(\.id) == ["none", "naive", "single-tag", "per-stage", "inline", "inline-per-stage", "buildah-layers",
                                                "registry-max", "registry-min", "inline-buildx", "local",
                                                "naive-legacy", "single-tag-legacy", "per-stage-legacy"])
        #expect(Strategy.builtIn.filter(\.isPerStage).map(\.id) == ["per-stage", "inline-per-stage", "per-stage-legacy"])
        #expect(Strategy.named("bogus") == nil)
    }

    @Test func none() throws {
        #expect(try rendered("none") == [
            ["build", "--no-cache", "-t", "R:latest", "-f", "/df", "/ctx"],
            ["push", "R:latest"],
        ])
    }

    @Test func naive() throws {
        let lines = try #require(Strategy.named("naive")).render(Self.context)
        #expect(lines == [
            RenderedLine(kind: .pull, arguments: ["pull", "R:latest"], allowFailure: true),
            RenderedLine(kind: .build, arguments: ["build", "-t", "R:latest", "-f", "/df", "/ctx"], allowFailure: false),
            RenderedLine(kind: .push, arguments: ["push", "R:latest"], allowFailure: false),
        ])
    }

    @Test func singleTag() throws {
        #expect(try rendered("single-tag") == [
            ["pull", "R:latest"],
            ["build", "--cache-from", "R:latest", "-t", "R:latest", "-f", "/df", "/ctx"],
            ["push", "R:latest"],
        ])
    }

    @Test func perStage() throws {
        let lines = try #require(Strategy.named("per-stage")).render(Self.context)
        #expect(lines.map(\.kind) == [.pull, .pull, .build, .build, .push, .push])
        #expect(lines.map(\.allowFailure) == [true, true, false, false, false, false])
        #expect(lines.map(\.arguments) == [
            ["pull", "R:compile-image"],
            ["pull", "R:latest"],
            ["build", "--target", "compile-image", "--cache-from", "R:compile-image", "--cache-from", "R:latest",
             "-t", "R:compile-image", "-f", "/df", "/ctx"],
            ["build", "--cache-from", "R:compile-image", "--cache-from", "R:latest", "-t", "R:latest", "-f", "/df", "/ctx"],
            ["push", "R:compile-image"],
            ["push", "R:latest"],
        ])
    }

    @Test func inline() throws {
        #expect(try rendered("inline") == [
            ["build", "--progress=plain", "--build-arg", "BUILDKIT_INLINE_CACHE=1", "--cache-from", "R:latest",
             "-t", "R:latest", "-f", "/df", "/ctx"],
            ["push", "R:latest"],
        ])
    }

    @Test func inlinePerStage() throws {
        #expect(try rendered("inline-per-stage") == [
            ["build", "--progress=plain", "--build-arg", "BUILDKIT_INLINE_CACHE=1", "--target", "compile-image",
             "--cache-from", "R:compile-image", "--cache-from", "R:latest", "-t", "R:compile-image", "-f", "/df", "/ctx"],
            ["build", "--progress=plain", "--build-arg", "BUILDKIT_INLINE_CACHE=1",
             "--cache-from", "R:compile-image", "--cache-from", "R:latest", "-t", "R:latest", "-f", "/df", "/ctx"],
            ["push", "R:compile-image"],
            ["push", "R:latest"],
        ])
    }

    @Test func registryMax() throws {
        #expect(try rendered("registry-max") == [
            ["buildx", "build", "--progress=plain", "--cache-from", "type=registry,ref=R:buildcache",
             "--cache-to", "type=registry,ref=R:buildcache,mode=max", "-t", "R:latest", "--push", "-f", "/df", "/ctx"],
        ])
    }

    @Test func finalTargetGoesOnTheFinalBuildOnly() throws {
        var context = Self.context
        context.finalTarget = "runtime-image"
        #expect(try rendered("naive", context)[1] == ["build", "-t", "R:latest", "-f", "/df", "--target", "runtime-image", "/ctx"])
        let perStage = try rendered("per-stage", context)
        #expect(perStage[2].starts(with: ["build", "--target", "compile-image"]))
        #expect(perStage[3].starts(with: ["build", "--target", "runtime-image"]))
    }

    @Test func noStagesMeansOnlyLatest() throws {
        var context = Self.context
        context.stages = []
        #expect(try rendered("per-stage", context) == [
            ["pull", "R:latest"],
            ["build", "--cache-from", "R:latest", "-t", "R:latest", "-f", "/df", "/ctx"],
            ["push", "R:latest"],
        ])
    }

    @Test func stageNamedLatestGetsItsOwnTag() throws {
        #expect(ScriptContext.tag(forStage: "latest") == "stage-latest")
        #expect(ScriptContext.tag(forStage: "compile-image") == "compile-image")
        var context = Self.context
        context.stages = ["latest"]
        let lines = try rendered("per-stage", context)
        #expect(lines[0] == ["pull", "R:stage-latest"])
        #expect(lines[2] == ["build", "--target", "latest", "--cache-from", "R:stage-latest", "--cache-from", "R:latest",
                             "-t", "R:stage-latest", "-f", "/df", "/ctx"])
    }

    @Test func shellScriptNaive() throws {
        let script = ScriptRenderer(strategy: try #require(Strategy.named("naive")), cacheStages: ["compile-image"], finalTarget: nil)
            .buildScript(label: "naive", runId: 3, dockerfile: "Dockerfile").script.bash
        #expect(script == #"""
        #!/usr/bin/env bash
        # strategy naive, as cachebench ran it (run 3)
        # IMAGE is your repository, e.g. registry.example.com/team/app
        set -eu
        : "${IMAGE:?set IMAGE to your repository}"
        IMAGE=$(printf '%s' "$IMAGE" | tr '[:upper:]' '[:lower:]')
        export DOCKER_BUILDKIT=0
        docker pull "$IMAGE:latest" || true
        docker build -t "$IMAGE:latest" -f Dockerfile .
        docker push "$IMAGE:latest"

        """#)
    }

    @Test func shellScriptInlinePerStage() throws {
        let script = ScriptRenderer(strategy: try #require(Strategy.named("inline-per-stage")), cacheStages: ["compile-image"],
                                    finalTarget: "runtime-image")
            .buildScript(label: "inline-per-stage", runId: 3, dockerfile: "docker/Dockerfile").script.bash
        #expect(script.hasSuffix("""
        export DOCKER_BUILDKIT=1
        docker build --progress=plain --build-arg BUILDKIT_INLINE_CACHE=1 --target compile-image \
        --cache-from "$IMAGE:compile-image" --cache-from "$IMAGE:latest" -t "$IMAGE:compile-image" -f docker/Dockerfile .
        docker build --progress=plain --build-arg BUILDKIT_INLINE_CACHE=1 --target runtime-image \
        --cache-from "$IMAGE:compile-image" --cache-from "$IMAGE:latest" -t "$IMAGE:latest" -f docker/Dockerfile .
        docker push "$IMAGE:compile-image"
        docker push "$IMAGE:latest"

        """))
    }

    /// The docker client ran buildx with DOCKER_BUILDKIT=1, and the script says so, as reports always printed it.
    @Test func shellScriptBuildxExportsWhatItRanWith() throws {
        let script = ScriptRenderer(strategy: try #require(Strategy.named("registry-max")), cacheStages: [], finalTarget: nil)
            .buildScript(label: "registry-max", runId: 3, dockerfile: "Dockerfile").script.bash
        #expect(script.contains("export DOCKER_BUILDKIT=1"))
        #expect(script.contains(#"docker buildx build --progress=plain --cache-from type=registry,ref="$IMAGE:buildcache""#))
    }

    /// A hostile Dockerfile path and stage name stay one word each, quoted, and only the repository is `$IMAGE`.
    @Test func hostileNamesAreQuoted() throws {
        let script = ScriptRenderer(strategy: try #require(Strategy.named("per-stage")), cacheStages: ["a$(id)"], finalTarget: "t'x")
            .buildScript(label: "per-stage", runId: 3, dockerfile: "my dir/$IMAGE;`x`").script.bash
        #expect(script.contains(#"docker build --target 'a$''(id)' --cache-from "$IMAGE"':a$''(id)' "#))
        #expect(script.contains(#"-f 'my dir/$''IMAGE;`''x`''' ."#))
        #expect(script.contains(#"--target 't'\''x'"#))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cbs-\(UUID().uuidString).sh")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(script.utf8).write(to: file)
        #expect(try runProgram("/bin/bash", ["-n", file.path]).status == 0)
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/shellcheck") {
            #expect(try runProgram("/usr/bin/shellcheck", ["-s", "sh", file.path]) == (0, ""))
        }
    }
}

@Suite struct PlanTests {
    static let naive = Strategy.named("naive")!
    static let perStage = Strategy.named("per-stage")!

    @Test func buildsAreInterleavedWithinEachIteration() {
        let plan = Plan(strategies: [Self.naive, Self.perStage], scenarios: [.cold, .sourceChange], iterations: 2)
        #expect(plan.builds.map { "\($0.iteration) \($0.chainPosition) \($0.scenario.rawValue) \($0.strategy.id)" } == [
            "1 0 cold naive", "1 0 cold per-stage", "1 1 source-change naive", "1 1 source-change per-stage",
            "2 0 cold naive", "2 0 cold per-stage", "2 1 source-change naive", "2 1 source-change per-stage",
        ])
        #expect(plan.notes.isEmpty)
        #expect(plan.chain == [.cold, .sourceChange])
    }

    @Test func coldIsPrependedWithANote() {
        let plan = Plan(strategies: [Self.naive], scenarios: [.noChange, .sourceChange], iterations: 1)
        #expect(plan.chain == [.cold, .noChange, .sourceChange])
        #expect(plan.notes == ["added `cold` at the start of the chain: every chain starts from an empty registry"])
        #expect(plan.builds.map(\.chainPosition) == [0, 1, 2])
    }

    @Test func coldInTheMiddleMovesToTheFront() {
        let plan = Plan(strategies: [Self.naive], scenarios: [.noChange, .cold], iterations: 1)
        #expect(plan.chain == [.cold, .noChange])
        #expect(plan.notes.count == 1)
    }

    @Test func unknownStrategy() {
        #expect(throws: ConfigError.unknownStrategy("bogus", known: Strategy.builtIn.map(\.id))) {
            try Plan.strategies(from: ["naive", "bogus"])
        }
        let message = ConfigError.unknownStrategy("bogus", known: Strategy.builtIn.map(\.id)).localizedDescription
        #expect(message == "unknown strategy \"bogus\": choose from none, naive, single-tag, per-stage, inline, inline-per-stage, buildah-layers, "
                + "registry-max, registry-min, inline-buildx, local, naive-legacy, single-tag-legacy, per-stage-legacy.")
    }

    @Test func unknownScenario() {
        #expect(throws: ConfigError.unknownScenario("warm", known: ["cold", "no-change", "source-change", "dependency-change", "base-change"])) {
            try Plan.scenarios(from: ["cold", "warm"])
        }
        #expect(ConfigError.unknownScenario("warm", known: ["cold", "no-change"]).localizedDescription
            == "unknown scenario \"warm\": choose from cold, no-change.")
    }

    @Test func duplicatesAreDropped() throws {
        #expect(try Plan.strategies(from: ["naive", "inline", "naive"]).map(\.id) == ["naive", "inline"])
        #expect(try Plan.scenarios(from: ["cold", "cold", "no-change"]) == [.cold, .noChange])
    }
}
