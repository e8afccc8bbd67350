import BenchAnalysis
@testable import BenchRunner
import Foundation
import ResultStore
import Testing

/// Where a prediction's spreads come from: rebuilt steps and cold build commands of this project's runs on the
/// calibration's machine, up to the calibration, each builder a group of its own. Expected values by hand.
@Suite struct MeasuredSpreadTests {
    func build(_ store: ResultStore, run: Int64, strategy: String, builder: Builder, position: Int = 0, wall: Double,
               steps: [(String, Double, Bool)]) throws {
        let record = BuildRecord(runId: run, strategy: strategy, scenario: position == 0 ? "cold" : "no-change", iteration: 1,
                                 chainPosition: position, status: .ok, wallSeconds: wall, builder: builder)
        let phase = PhaseRecord(ordinal: 0, kind: .build, argv: ["docker", "build"], wallSeconds: wall, exitCode: 0, output: "")
        let stepRecords = steps.enumerated().map { index, step in
            StepRecord(ordinal: index, stage: "s", stepIndex: index + 1, stepOf: nil, instruction: step.0, cached: step.2,
                       seconds: step.1)
        }
        try store.insertBuild(NewBuild(build: record, phases: [(phase, stepRecords)]))
    }

    func run(_ store: ResultStore, project: String = "/p", host: String = "here") throws -> Int64 {
        try store.insertRun(RunRecord(project: project, dockerfile: "FROM x", engineVersions: [:], options: [:], host: host)).id!
    }

    @Test func stepsAndOverheadFromThisMachinesEarlierRuns() throws {
        let scratch = try Scratch()
        let store = try ResultStore(path: scratch.url.appendingPathComponent("db.sqlite").path)
        let earlier = try run(store)
        // legacy: apt-get update 10 and 12 s (build commands 4 and 3 s beyond it); gcc served from cache (not a sample).
        try build(store, run: earlier, strategy: "naive", builder: .legacy, wall: 14, steps: [("RUN apt-get update", 10, false),
                                                                                            ("RUN gcc", 5, true)])
        try build(store, run: earlier, strategy: "naive", builder: .legacy, wall: 15, steps: [("RUN apt-get update", 12, false)])
        try build(store, run: earlier, strategy: "buildah-layers", builder: .buildah, wall: 22, steps: [("RUN apt-get update", 20, false)])
        // Another machine, another project: not this history.
        let elsewhere = try run(store, host: "elsewhere")
        try build(store, run: elsewhere, strategy: "naive", builder: .legacy, wall: 101, steps: [("RUN apt-get update", 100, false)])
        let other = try run(store, project: "/q")
        try build(store, run: other, strategy: "naive", builder: .legacy, wall: 61, steps: [("RUN apt-get update", 60, false)])
        let calibration = try run(store)
        try build(store, run: calibration, strategy: "naive", builder: .legacy, wall: 14.5, steps: [("RUN apt-get update", 11, false)])
        try build(store, run: calibration, strategy: "buildah-layers", builder: .buildah, wall: 26, steps: [("RUN apt-get update", 24, false)])
        // A FROM that ran in a no-change build is quick or slow for a known reason (its base was there or not): not a sample.
        try build(store, run: calibration, strategy: "naive", builder: .legacy, position: 1, wall: 51, steps: [("FROM x", 50, false)])
        // After the calibration: not known when it predicted.
        let later = try run(store)
        try build(store, run: later, strategy: "naive", builder: .legacy, wall: 41, steps: [("RUN apt-get update", 40, false)])

        let spread = try PredictSession.measuredSpread(store: store, calibrationRunId: calibration)
        // apt-get update: legacy [10, 12, 11] (mean 11: ∓1/11, 0), buildah [20, 24] (mean 22: ∓1/11):
        // (2/121 + 2/121) / (2 + 1) = 4/363, √ = 0.1049728 on 3 degrees of freedom, 5 samples.
        let apt = try #require(spread.steps["s RUN apt-get update"])
        #expect(abs(apt.variation - (4.0 / 363).squareRoot()) < 1e-9)
        #expect(apt.degreesOfFreedom == 3 && apt.samples == 5)
        #expect(spread.steps["s RUN gcc"] == nil)
        #expect(spread.steps["s FROM x"] == nil)
        // Cold build commands beyond their steps: legacy naive [4, 3, 3.5] (mean 3.5: ±1/7, 0), buildah [2, 2]:
        // (2/49 + 0) / (2 + 1) = 2/147, √ = 0.1166424 on 3 degrees of freedom.
        let overhead = try #require(spread.overhead)
        #expect(abs(overhead.variation - (2.0 / 147).squareRoot()) < 1e-9)
        #expect(overhead.degreesOfFreedom == 3)
        #expect(spread.pulls == nil && spread.pushes == nil)
        // Three builds of the earlier run, three of the calibration.
        #expect(spread.builds == 6)
        #expect(spread.source.hasPrefix("spreads from 6 stored builds of this project on here (2 runs up to the calibration, "
                                        + "which is included): 1 of 1 steps rebuilt in two or more, overhead CV 11.7% (5 samples), "
                                        + "pulls assumed, pushes assumed"))
    }
}
