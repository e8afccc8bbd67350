import BenchRunner
import Foundation
import ResultStore
import Testing

/// The ideal cache per scenario, from the Dockerfile model, keyed as builds store steps.
@Suite struct IdealCacheTests {
    func project(_ scratch: Scratch, config: ProjectConfig = ProjectConfig(sourceFile: "hello.c")) throws -> Project {
        try Project.resolve(directory: try scratch.helloC(), config: config)
    }

    @Test func coldHasNoIdeal() throws {
        let scratch = try Scratch()
        #expect(IdealCache.cachedSteps(project: try project(scratch), scenario: .cold) == nil)
    }

    @Test func noChangeCachesEveryStep() throws {
        let scratch = try Scratch()
        let keys = try #require(IdealCache.cachedSteps(project: try project(scratch), scenario: .noChange))
        #expect(keys.isSuperset(of: ["compile-image#2", "compile-image#3", "compile-image#4", "compile-image#5",
                                     "compile-image#6", "runtime-image#2"]))
    }

    @Test func sourceChangeKeepsTheAptStepsOnly() throws {
        let scratch = try Scratch()
        let keys = try #require(IdealCache.cachedSteps(project: try project(scratch), scenario: .sourceChange))
        #expect(keys.contains("compile-image#2"))   // RUN apt-get update
        #expect(keys.contains("compile-image#3"))   // RUN apt-get install
        #expect(keys.contains("compile-image#4"))   // WORKDIR
        #expect(!keys.contains("compile-image#5"))  // COPY hello.c
        #expect(!keys.contains("compile-image#6"))  // RUN gcc
        #expect(!keys.contains("runtime-image#2"))  // COPY --from a rebuilt stage
    }

    @Test func baseChangeCachesNothingBuiltOnTheBase() throws {
        let scratch = try Scratch()
        let keys = try #require(IdealCache.cachedSteps(project: try project(scratch), scenario: .baseChange))
        #expect(!keys.contains { $0.hasPrefix("compile-image#") && $0 != "compile-image#1" })
        #expect(!keys.contains("runtime-image#2"))
    }

    @Test func missedStepsAreIdeallyCachedButRebuilt() {
        let steps = [
            StepRecord(ordinal: 0, stage: "a", stepIndex: 2, stepOf: nil, instruction: "RUN apt-get update", cached: false,
                       seconds: 4.5, ideallyCached: true),
            StepRecord(ordinal: 1, stage: "a", stepIndex: 3, stepOf: nil, instruction: "COPY x .", cached: false,
                       seconds: 0.5, ideallyCached: false),
            StepRecord(ordinal: 2, stage: "a", stepIndex: 4, stepOf: nil, instruction: "RUN make", cached: true,
                       seconds: nil, ideallyCached: true),
        ]
        let detail = BuildDetail(build: BuildRecord(runId: 1, strategy: "naive", scenario: "source-change", iteration: 1,
                                                    chainPosition: 1, status: "ok", wallSeconds: 9),
                                 phases: [], steps: steps)
        #expect(detail.missedSteps.map(\.instruction) == ["RUN apt-get update"])
        #expect(detail.missedSeconds == 4.5)
    }
}
