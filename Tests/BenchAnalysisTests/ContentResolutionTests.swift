import BenchAnalysis
import Foundation
import ResultStore
import Testing

/// Content-dependent steps resolved across the builds of a run, and model errors found, through the store.
@Suite struct ContentResolutionTests {
    /// Whole seconds, so dates survive SQLite's millisecond storage unchanged.
    let fixedDate = Date(timeIntervalSince1970: 1_800_000_000)

    func step(_ ordinal: Int, _ instruction: String, index: Int, cached: Bool, state: IdealState, line: Int,
              roots: String? = nil, cause: String? = nil) -> StepRecord {
        var record = StepRecord(ordinal: ordinal, stage: "runtime-image", stepIndex: index, stepOf: nil, instruction: instruction,
                                cached: cached, seconds: 0.5, ideallyCached: state.ideallyCached)
        record.idealState = state
        record.dockerfileLine = line
        record.contentRoots = roots
        record.missCause = cause
        return record
    }

    func build(runId: Int64, strategy: String, scenario: String, _ steps: [StepRecord]) -> NewBuild {
        let build = BuildRecord(runId: runId, strategy: strategy, scenario: scenario, iteration: 1, chainPosition: 2,
                                status: .ok, wallSeconds: 10, engineStartupSeconds: 1, error: nil, startedAt: fixedDate)
        let phase = PhaseRecord(ordinal: 0, kind: .build, argv: [], wallSeconds: 9, exitCode: 0, output: "", lineTimes: [])
        return NewBuild(build: build, phases: [(phase, steps)])
    }

    @Test func aCachedCopyFromElsewhereInTheScenarioShowsTheContentUnchanged() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cb-analysis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try ResultStore(path: directory.appendingPathComponent("results.sqlite").path)
        let runId = try store.insertRun(RunRecord(startedAt: fixedDate, status: .running, project: "/p/hello-c",
                                                  dockerfile: "FROM scratch\n", engineVersions: [:], options: [:])).id!
        // inline: the engine served COPY --from (line 9) from cache, so the binary came out identical.
        try store.insertBuild(build(runId: runId, strategy: "inline", scenario: "source-change", [
            step(0, "COPY --from=compile-image /root/helloworld .", index: 2, cached: true, state: .dependsOnContent,
                 line: 9, roots: "9"),
        ]))
        // naive, same scenario: rebuilt it, so it missed; and served a must-rebuild RUN from cache: a model error.
        try store.insertBuild(build(runId: runId, strategy: "naive", scenario: "source-change", [
            step(0, "RUN gcc -o helloworld hello.c", index: 6, cached: true, state: .rebuild, line: 6),
            step(1, "COPY --from=compile-image /root/helloworld .", index: 2, cached: false, state: .dependsOnContent,
                 line: 9, roots: "9", cause: "no --cache-from: the legacy builder does not use a pulled image as cache"),
        ]))
        // Another scenario proves nothing about this one.
        try store.insertBuild(build(runId: runId, strategy: "naive", scenario: "dependency-change", [
            step(0, "COPY --from=compile-image /root/helloworld .", index: 2, cached: false, state: .dependsOnContent,
                 line: 9, roots: "9"),
        ]))
        try store.resolveContentDependence(runId: runId)
        let builds = try store.builds(runId: runId)
        let naiveCopy = try #require(builds[1].steps.last)
        #expect(naiveCopy.idealState == .contentUnchanged)
        #expect(naiveCopy.ideallyCached == true)
        #expect(builds[1].missedSteps.map(\.instruction) == ["COPY --from=compile-image /root/helloworld ."])
        #expect(naiveCopy.missCause == "no --cache-from: the legacy builder does not use a pulled image as cache")
        #expect(builds[2].steps[0].idealState == .dependsOnContent)
        #expect(builds[2].steps[0].ideallyCached == nil)
        #expect(builds[2].missedSteps.isEmpty)
        #expect(builds[2].contentDependentSteps.count == 1)
        let errors = try store.modelErrors(runId: runId)
        #expect(errors.map(\.step.instruction) == ["RUN gcc -o helloworld hello.c"])
        #expect(errors.map(\.build.strategy) == ["naive"])
    }
}
