import BenchAnalysis
@testable import BenchRunner
import BuildEngine
import CacheBenchTestSupport
import Foundation
import ResultStore
import Testing

/// The per-builder ideal cache checked against real engine logs (Fixtures/logs, hello-c, one comment appended
/// to hello.c between builds). Expected states are written by hand from the Dockerfile:
///
///     1 FROM debian:bookworm-slim AS compile-image      6 RUN gcc -o helloworld hello.c
///     2 RUN apt-get update                              8 FROM debian:bookworm-slim AS runtime-image
///     3 RUN apt-get install ...                         9 COPY --from=compile-image /root/helloworld .
///     4 WORKDIR /root                                  10 CMD ["./helloworld"]
///     5 COPY hello.c .
///
/// On source-change, lines 1-4 are cached, 5-6 rebuild, and the runtime stage depends on whether the
/// binary comes out identical. Legacy and buildah number every instruction (runtime-image#3 is CMD);
/// BuildKit numbers FROM, RUN, COPY, ADD and WORKDIR only (runtime-image has two steps).
@Suite struct IdealCacheLogTests {
    static let sourceChange: [String: IdealState] = [
        "compile-image#1": .cached, "compile-image#2": .cached, "compile-image#3": .cached, "compile-image#4": .cached,
        "compile-image#5": .rebuild, "compile-image#6": .rebuild,
        "runtime-image#1": .cached, "runtime-image#2": .dependsOnContent,
    ]

    /// Runs the runner's own pipeline over real logs: parse, normalise, the model's state, miss causes.
    func steps(_ logs: [String], builder: Builder, scenario: Scenario, strategy: String) throws -> [StepRecord] {
        let scratch = try Scratch()
        let project = try Project.resolve(directory: try scratch.helloC(), config: ProjectConfig(sourceFile: "hello.c"))
        let ideal = IdealCache.steps(project: project, scenario: scenario, builder: builder)
        var phases: [(phase: PhaseRecord, steps: [StepRecord])] = []
        var ordinal = 0
        for log in logs {
            let lines = ReplayProcessRunner.lines(fromLog: try Fixtures.log(log))
            let parsed = BenchmarkRunner.parse(CommandResult(command: Command("docker"), exitCode: 0, wallSeconds: 1, lines: lines),
                                               kind: .build, builder: builder)
            var records: [StepRecord] = []
            for step in BenchmarkRunner.normalize(parsed.steps, builder: builder, stages: project.stages) {
                var record = StepRecord(ordinal: ordinal, stage: step.stage, stepIndex: step.index, stepOf: step.of,
                                        instruction: step.instruction, cached: step.cached, seconds: step.seconds)
                IdealCache.annotate(&record, ideal: ideal)
                records.append(record)
                ordinal += 1
            }
            phases.append((PhaseRecord(ordinal: phases.count, kind: .build, argv: [], environment: [:], wallSeconds: 1,
                                       exitCode: 0, output: "", lineTimes: []), records))
        }
        let chosen = try #require(Strategy.named(strategy))
        let rendered = chosen.render(ScriptContext(image: "r/i", stages: chosen.isPerStage ? ["compile-image"] : [],
                                                   finalTarget: nil, context: ".", dockerfile: "Dockerfile"))
        MissCause.assign(&phases, facts: MissCause.Facts(strategy: chosen, finalStage: "runtime-image", lines: rendered,
                                                          failedPulls: []))
        return StepAccounting.effectiveSteps(phases.flatMap(\.steps))
    }

    func states(_ steps: [StepRecord]) -> [String: IdealState] {
        Dictionary(uniqueKeysWithValues: steps.compactMap { step in
            step.idealState.map { ("\(step.stage ?? "")#\(step.stepIndex ?? 0)", $0) }
        })
    }

    @Test func buildKitInlineSourceChange() throws {
        let steps = try steps(["buildkit-inline-source-change-fresh-daemon.log"], builder: .buildkit,
                              scenario: .sourceChange, strategy: "inline")
        // FROM lines are not counted steps; every counted one has a state.
        #expect(states(steps).filter { !$0.key.hasSuffix("#1") } == Self.sourceChange.filter { !$0.key.hasSuffix("#1") })
        #expect(steps.filter(\.modelError).isEmpty)
        // The log: apt steps rebuilt (inline exports only the final stage), COPY --from CACHED.
        #expect(steps.filter(\.missed).map(\.instruction) == [
            "RUN apt-get update", "RUN apt-get install -y --no-install-recommends gcc libc6-dev", "WORKDIR /root",
        ])
        #expect(steps.filter(\.missed).map(\.missCause) == [MissCause.finalStageOnly, MissCause.earlierStepMissed,
                                                            MissCause.earlierStepMissed])
        let copy = try #require(steps.first { $0.instruction.hasPrefix("COPY --from") })
        #expect(copy.cached && copy.idealState == .dependsOnContent && copy.dockerfileLine == 9 && copy.contentRoots == "9")
    }

    @Test func buildKitInlineNoChangeCachesEverything() throws {
        let steps = try steps(["buildkit-inline-nochange-fresh-daemon.log"], builder: .buildkit, scenario: .noChange,
                              strategy: "inline")
        #expect(steps.count == 6)
        #expect(steps.allSatisfy { $0.cached && $0.idealState == .cached })
    }

    @Test func buildKitPerStageSourceChange() throws {
        let steps = try steps(["buildkit-perstage-src-compile.log", "buildkit-perstage-src-runtime.log"], builder: .buildkit,
                              scenario: .sourceChange, strategy: "inline-per-stage")
        #expect(steps.filter(\.modelError).isEmpty)
        #expect(steps.filter(\.missed).isEmpty)
        #expect(states(steps)["compile-image#5"] == .rebuild)
        #expect(states(steps)["runtime-image#2"] == .dependsOnContent)
    }

    @Test func legacyPerStageSourceChange() throws {
        let steps = try steps(["legacy-perstage-src-compile.log", "legacy-perstage-src-runtime.log"], builder: .legacy,
                              scenario: .sourceChange, strategy: "per-stage")
        // CMD (runtime-image#3) is a step of the legacy builder but not a counted one, like FROM.
        #expect(states(steps).filter { !$0.key.hasSuffix("#1") } == Self.sourceChange.filter { !$0.key.hasSuffix("#1") })
        #expect(steps.filter(\.modelError).isEmpty)
        #expect(steps.filter(\.missed).isEmpty)
        // The runtime stage's COPY --from: "Using cache" in the log, content unchanged.
        #expect(steps.first { $0.instruction.hasPrefix("COPY --from") }?.cached == true)
    }

    @Test func buildahSourceChange() throws {
        let steps = try steps(["buildah-layers-cache-from-source-change.log"], builder: .buildah, scenario: .sourceChange,
                              strategy: "buildah-layers")
        #expect(states(steps).filter { !$0.key.hasSuffix("#1") } == Self.sourceChange.filter { !$0.key.hasSuffix("#1") })
        #expect(steps.filter(\.modelError).isEmpty)
        #expect(steps.filter(\.missed).isEmpty)
    }

    @Test func legacyNaiveNoChangeMissesEverythingWithItsCause() throws {
        // The log: `docker pull R:latest` on a fresh daemon, then a plain build: no step cached.
        let steps = try steps(["legacy-naive-pulled-latest-no-cache-from.log"], builder: .legacy, scenario: .noChange,
                              strategy: "naive")
        #expect(steps.filter(\.missed).count == 6)
        #expect(steps.filter(\.missed).map(\.missCause) == [
            MissCause.neverPushed(Strategy.named("naive")!), MissCause.earlierStepMissed, MissCause.earlierStepMissed,
            MissCause.earlierStepMissed, MissCause.earlierStepMissed, MissCause.noCacheFrom,
        ])
        #expect(MissCause.neverPushed(Strategy.named("naive")!) == "stage never pushed (naive pushes only :latest)")
    }

    /// Every step each builder printed maps to the Dockerfile line that holds that very instruction.
    @Test(arguments: [
        ("legacy-perstage-src-compile.log", Builder.legacy), ("legacy-perstage-src-runtime.log", .legacy),
        ("legacy-naive-pulled-latest-no-cache-from.log", .legacy), ("buildkit-inline-source-change-fresh-daemon.log", .buildkit),
        ("buildkit-perstage-src-runtime.log", .buildkit), ("buildah-layers-cache-from-source-change.log", .buildah),
    ])
    func everyPrintedStepMapsToItsLine(log: String, builder: Builder) throws {
        let scratch = try Scratch()
        let project = try Project.resolve(directory: try scratch.helloC(), config: ProjectConfig(sourceFile: "hello.c"))
        let ideal = try #require(IdealCache.steps(project: project, scenario: .noChange, builder: builder))
        let lines = ReplayProcessRunner.lines(fromLog: try Fixtures.log(log))
        let parsed = BenchmarkRunner.parse(CommandResult(command: Command("docker"), exitCode: 0, wallSeconds: 1, lines: lines),
                                           kind: .build, builder: builder)
        let steps = BenchmarkRunner.normalize(parsed.steps, builder: builder, stages: project.stages)
        #expect(!steps.isEmpty)
        for step in steps {
            let mapped = try #require(ideal[IdealCache.key(stage: step.stage, index: step.index ?? 0)], "\(step)")
            let instruction = try #require(project.model.instructions.first { $0.startLine == mapped.line })
            if instruction.name == "from" {
                #expect(step.instruction.hasPrefix("FROM "))
            } else {
                #expect(instruction.original == step.instruction)
            }
        }
    }
}
