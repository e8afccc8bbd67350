import BenchAnalysis
import Foundation
import ResultStore
import Testing

@Suite struct PredictionModelTests {
    let work = CellWork(strategy: "per-stage", scenario: "source-change", builder: "legacy",
                        rebuiltSteps: [.init(label: "a", seconds: 3.0), .init(label: "b", seconds: 5.5)],
                        buildCommands: 2, pullCommands: 1, pulledBytes: 50_000_000, pulledLayers: 4,
                        pushCommands: 1, pushedBytes: 20_000_000, pushedLayers: 2, existingLayers: 3)
    let rates = MachineRates(buildCommandSeconds: 1.5, pullCommandSeconds: 0.4, extractionBytesPerSecond: 100_000_000,
                             pushCommandSeconds: 0.6, pushBytesPerSecond: 40_000_000)
    let office = Link(name: "office", bytesPerSecond: 50_000_000 / 8, latency: 0.020)

    @Test func everyTermOnTheOfficeLink() {
        let cell = PredictionModel.predict(work, rates: rates, link: office, spread: PredictionSpread())
        // steps 3.0 + 5.5 = 8.5; overhead 2 × 1.5 = 3.0
        #expect(abs(cell.steps - 8.5) < 1e-9)
        #expect(abs(cell.overhead - 3.0) < 1e-9)
        // pulls 0.4 + 50 MB / 6.25 MB/s (8.0) + RTT 0.04 × (2·1 + 4) (0.24) = 8.64
        #expect(abs(cell.pulls - 8.64) < 1e-9)
        // extraction 50 MB / 100 MB/s = 0.5
        #expect(abs(cell.extraction - 0.5) < 1e-9)
        // pushes 0.6 + max(20/40 = 0.5, 20/6.25 = 3.2) + 0.04 × (2 + 3·2 + 3) (0.44) = 4.24
        #expect(abs(cell.pushes - 4.24) < 1e-9)
        #expect(abs(cell.seconds - 24.88) < 1e-9)
        #expect(cell.intervalSource == "no history: assumed CV 29.8%")
    }

    @Test func loopbackChargesOnlyTheLocalRates() {
        let cell = PredictionModel.predict(work, rates: rates, link: Link(name: "local", bytesPerSecond: nil, latency: 0),
                                           spread: PredictionSpread())
        // 8.5 + 3.0 + pulls 0.4 + extraction 0.5 + pushes 0.6 + 0.5 = 13.5
        #expect(abs(cell.seconds - 13.5) < 1e-9)
    }

    func cell(_ strategy: String, _ scenario: String, _ steps: Double) -> PredictedCell {
        PredictedCell(strategy: strategy, scenario: scenario, network: "local", steps: steps, overhead: 0, pulls: 0,
                      extraction: 0, pushes: 0, interval: 1)
    }

    @Test func rankingWeighsScenarios() {
        let cells = [cell("a", "cold", 99), cell("a", "no-change", 10), cell("a", "source-change", 20),
                     cell("b", "cold", 1), cell("b", "no-change", 12), cell("b", "source-change", 14)]
        // equal weights, cold left out: a = 15, b = 13
        let equal = PredictedRanking(cells: cells, link: "local")
        #expect(equal.entries.map(\.strategy) == ["b", "a"])
        #expect(abs(equal.entries[0].expectedSeconds - 13) < 1e-9)
        // no-change ×4: a = (40 + 20) / 5 = 12, b = (48 + 14) / 5 = 12.4
        let weighted = PredictedRanking(cells: cells, link: "local", weights: ["no-change": 4, "source-change": 1])
        #expect(weighted.top(1) == ["a"])
        #expect(abs(weighted.entries[1].expectedSeconds - 12.4) < 1e-9)
    }

    @Test func bandwidthWhereTheOrderFlips() {
        // A rebuilds 10 s and pulls 100 MB; B rebuilds 40 s and moves nothing: A wins once 100 MB / rate < 30 s,
        // i.e. above 3.333 MB/s = 26.67 Mbit/s.
        let a = CellWork(strategy: "A", scenario: "no-change", builder: "legacy", rebuiltSteps: [.init(label: "x", seconds: 10)],
                         buildCommands: 0, pulledBytes: 100_000_000)
        let b = CellWork(strategy: "B", scenario: "no-change", builder: "legacy", rebuiltSteps: [.init(label: "y", seconds: 40)],
                         buildCommands: 0)
        let zero = MachineRates(buildCommandSeconds: 0, pullCommandSeconds: 0, extractionBytesPerSecond: 0,
                                pushCommandSeconds: 0, pushBytesPerSecond: 0)
        let flips = BandwidthFlip.find(strategies: ["A", "B"], latency: 0, weights: nil) { link in
            [a, b].map { PredictionModel.predict($0, rates: zero, link: link, spread: PredictionSpread()) }
        }
        #expect(flips.count == 1)
        #expect(flips.first?.faster == "A")
        #expect(abs((flips.first?.bytesPerSecond ?? 0) - 100_000_000 / 30) < 100)
        #expect(flips.first?.sentence == "A beats B above 27 Mbit/s (at 0 ms each way)")
    }

    @Test func errorNamesTheWrongTerm() {
        let predicted = PredictedCell(strategy: "naive", scenario: "no-change", network: "local", steps: 10, overhead: 2,
                                      pulls: 1, extraction: 1, pushes: 2, interval: 1)
        // Measured: 20 s; its build phase took 15 s of which 12 s were steps run; pull 3 s; push 2 s.
        let build = BuildRecord(id: 1, runId: 1, strategy: "naive", scenario: "no-change", iteration: 1, chainPosition: 1,
                                status: .ok, wallSeconds: 20)
        let phases = [PhaseRecord(id: 1, buildId: 1, ordinal: 0, kind: .pull, argv: [], wallSeconds: 3, exitCode: 0, output: ""),
                      PhaseRecord(id: 2, buildId: 1, ordinal: 1, kind: .build, argv: [], wallSeconds: 15, exitCode: 0, output: ""),
                      PhaseRecord(id: 3, buildId: 1, ordinal: 2, kind: .push, argv: [], wallSeconds: 2, exitCode: 0, output: "")]
        let steps = [StepRecord(buildId: 1, phaseId: 2, ordinal: 0, stage: "s", stepIndex: 1, stepOf: nil, instruction: "RUN a",
                                cached: false, seconds: 7),
                     StepRecord(buildId: 1, phaseId: 2, ordinal: 1, stage: "s", stepIndex: 2, stepOf: nil, instruction: "RUN b",
                                cached: false, seconds: 5),
                     StepRecord(buildId: 1, phaseId: 2, ordinal: 2, stage: "s", stepIndex: 3, stepOf: nil, instruction: "COPY c",
                                cached: true, seconds: 0.5)]
        let error = PredictionError(predicted: predicted, measured: [BuildDetail(build: build, phases: phases, steps: steps)])
        // (16 − 20) / 20 = −20 %: flagged. The cached step's 0.5 s is a cache import, counted with the pulls:
        // steps +2 s (12 − 10), build overhead +0.5 s (15 − 12 − 0.5 − 2), pulls +1.5 s (3 + 0.5 − 2), pushes 0
        #expect(error.map { abs($0.relativeError + 0.2) < 1e-9 } == true)
        #expect(error?.flagged == true)
        #expect(error?.wrongTerm == "steps")
        #expect(error.map { abs(($0.termErrors["steps"] ?? 0) - 2) < 1e-9 } == true)
        #expect(error.map { abs(($0.termErrors["pulls"] ?? 0) - 1.5) < 1e-9 } == true)
        #expect(error.map { abs(($0.termErrors["build overhead"] ?? 0) - 0.5) < 1e-9 } == true)
    }
}

extension PredictionModelTests {
    @Test func aBuildsOwnCacheImportIsJudgedAsExtraction() {
        // Predicted: steps 1, overhead 2, no pull command, import (extraction) 9, pushes 0.5 = 12.5 s.
        let predicted = PredictedCell(strategy: "inline", scenario: "no-change", network: "local", steps: 1, overhead: 2,
                                      pulls: 0, extraction: 9, pushes: 0.5, interval: 0)
        // Measured: one build phase of 20 s with 1 s of steps run, one push of 0.5 s: 20.5 s.
        let build = BuildRecord(id: 1, runId: 1, strategy: "inline", scenario: "no-change", iteration: 1, chainPosition: 1,
                                status: .ok, wallSeconds: 20.5)
        let phases = [PhaseRecord(id: 1, buildId: 1, ordinal: 0, kind: .build, argv: [], wallSeconds: 20, exitCode: 0, output: ""),
                      PhaseRecord(id: 2, buildId: 1, ordinal: 1, kind: .push, argv: [], wallSeconds: 0.5, exitCode: 0, output: "")]
        let steps = [StepRecord(buildId: 1, phaseId: 1, ordinal: 0, stage: nil, stepIndex: 1, stepOf: nil, instruction: "RUN x",
                                cached: false, seconds: 1)]
        let error = PredictionError(predicted: predicted, measured: [BuildDetail(build: build, phases: phases, steps: steps)])
        // (12.5 − 20.5) / 20.5 = −39 %; the build's 19 s beyond its steps against 2 + 9 predicted: extraction +8 s.
        #expect(error?.wrongTerm == "extraction")
        #expect(error.map { abs(($0.termErrors["extraction"] ?? 0) - 8) < 1e-9 } == true)
        #expect(error?.termErrors["build overhead"] == nil)
    }
}
