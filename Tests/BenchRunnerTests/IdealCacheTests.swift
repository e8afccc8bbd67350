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

    /// base-change gives Docker Hub bases a new digest; a ghcr.io base keeps its own, so what is built on it stays cached.
    @Test func baseChangeLeavesOtherRegistriesBasesAlone() throws {
        let scratch = try Scratch()
        try scratch.write("p/Dockerfile", "FROM ghcr.io/org/tools:1 AS tools\nRUN make tools\nFROM debian:12-slim\nRUN make app\n")
        let project = try Project.resolve(directory: scratch.url.appendingPathComponent("p"), config: ProjectConfig())
        let keys = try #require(IdealCache.cachedSteps(project: project, scenario: .baseChange, builder: .buildkit))
        #expect(keys.contains("tools#2"), "\(keys)")
        #expect(!keys.contains("stage-1#2"), "\(keys)")
    }

    @Test func baseChangeCachesNothingBuiltOnTheBase() throws {
        let scratch = try Scratch()
        let keys = try #require(IdealCache.cachedSteps(project: try project(scratch), scenario: .baseChange))
        #expect(!keys.contains { $0.stage == "compile-image" && $0.index != 1 })
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
                                                    chainPosition: 1, status: .ok, wallSeconds: 9),
                                 phases: [], steps: steps)
        #expect(detail.missedSteps.map(\.instruction) == ["RUN apt-get update"])
        #expect(detail.missedSeconds == 4.5)
    }

    /// One stage: BuildKit prints `[3/4]` and buildah `STEP 4/5:` with no stage name, so those keys have an
    /// empty stage; cachebench's legacy normalisation calls the stage `stage-0`. Worked out by hand:
    /// BuildKit counts FROM, WORKDIR, COPY, RUN (not ENV); the others count every instruction.
    @Test func singleStageIsCoveredUnderEveryBuilder() throws {
        let scratch = try Scratch()
        try scratch.write("single/Dockerfile", "FROM python:3.12-slim\nENV PYTHONDONTWRITEBYTECODE=1\nWORKDIR /app\nCOPY app.py .\nRUN python -m py_compile app.py\n")
        try scratch.write("single/app.py", "print('hi')\n")
        let project = try Project.resolve(directory: scratch.url.appendingPathComponent("single"),
                                          config: ProjectConfig(sourceFile: "app.py"))
        func states(_ builder: Builder) throws -> [StepKey: IdealState] {
            try #require(IdealCache.steps(project: project, scenario: .sourceChange, builder: builder)).mapValues(\.state)
        }
        #expect(try states(.buildkit) == ["#1": .cached, "#2": .cached, "#3": .rebuild, "#4": .rebuild])
        #expect(try states(.buildah) == ["#1": .cached, "#2": .cached, "#3": .cached, "#4": .rebuild, "#5": .rebuild])
        #expect(try states(.legacy) == ["stage-0#1": .cached, "stage-0#2": .cached, "stage-0#3": .cached,
                                        "stage-0#4": .rebuild, "stage-0#5": .rebuild])
    }

    /// The legacy builder reads only the context's `.dockerignore`; BuildKit reads `Dockerfile.dockerignore` first.
    @Test func dockerfileSpecificIgnoreAppliesToBuildKitOnly() throws {
        let scratch = try Scratch()
        let directory = try scratch.helloC()
        try Data("hello.c\n".utf8).write(to: directory.appendingPathComponent("Dockerfile.dockerignore"))
        let project = try Project.resolve(directory: directory, config: ProjectConfig(sourceFile: "hello.c"))
        let buildKit = try #require(IdealCache.steps(project: project, scenario: .sourceChange, builder: .buildkit))
        let legacy = try #require(IdealCache.steps(project: project, scenario: .sourceChange, builder: .legacy))
        // BuildKit never sees hello.c, so its change invalidates nothing; the legacy builder copies it.
        #expect(buildKit["compile-image#5"]?.state == .cached)
        #expect(legacy["compile-image#5"]?.state == .rebuild)
    }
}
