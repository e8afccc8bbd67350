import BenchAnalysis
import BenchReports
import BenchRunner
import BuildEngine
import Foundation
import ResultStore
import Testing

extension EndToEndTests {
    /// `run --confirm 2` on hello-c, through the library: calibrate (legacy and BuildKit), predict, measure the two
    /// predicted leaders plus naive, and hold every measured cell to 15 % or a named cause.
    @Test(.realEngine) func predictThenConfirmTheTopTwo() async throws {
        let project = try Integration.copySample("hello-c")
        defer { try? FileManager.default.removeItem(at: project) }
        let database = project.appendingPathComponent("results.sqlite").path
        let request = RunRequest(directory: project.path, strategies: ["naive", "per-stage", "inline"],
                                 scenarios: ["cold", "source-change"], iterations: 1, database: database)
        let prepared = try RunSession.prepare(request)
        let (calibration, store) = try await PredictSession.calibrate(request, prepared: prepared, runner: SubprocessRunner()) { _ in }
        #expect(calibration.failedBuilds == 0)
        #expect(try store.run(id: calibration.runId).options["purpose"] == "calibration")
        // One cold and one no-change build per builder the strategies need: legacy (per-stage) and BuildKit.
        #expect(try store.builds(runId: calibration.runId).map(\.build.strategy).sorted()
                == ["inline-per-stage", "inline-per-stage", "per-stage", "per-stage"])

        let local = Link(name: "local", bytesPerSecond: nil, latency: 0)
        let prediction = try PredictSession.predict(store: store, calibrationRunId: calibration.runId, prepared: prepared,
                                                    links: [local])
        #expect(prediction.cells.count == 6)
        #expect(prediction.cells.allSatisfy { $0.seconds > 0 })
        // A fresh database: the only history is the calibration's own four builds (two builders of one family, as on
        // docker-26.1, give its steps two samples each); what has none takes the stated default. Every cell says which,
        // and no interval is zero.
        #expect(prediction.cells.allSatisfy {
            ($0.intervalSource.hasPrefix("spread from 4 stored builds on this machine") || $0.intervalSource == "no history: assumed CV 29.8%")
                && $0.interval > 0
        }, "\(prediction.cells.map(\.intervalSource))")

        let confirmed = PredictSession.confirmation(of: prepared, prediction: prediction, top: 2, link: local.name)
        #expect(confirmed.plan.strategies.contains { $0.id == "naive" })
        let (outcome, _) = try await RunSession.execute(request, prepared: confirmed, runner: SubprocessRunner()) { _ in }
        #expect(outcome.failedBuilds == 0)
        try store.confirmPrediction(id: prediction.predictionId, runId: outcome.runId)
        #expect(try store.prediction(forRun: outcome.runId)?.prediction.calibrationRunId == calibration.runId)

        // The stored comparison says whether the predicted winner was the measured one, among the measured strategies.
        let stored = try #require(try PredictionComparison.stored(store: store, runId: outcome.runId))
        let check = try #require(stored.recommendation)
        #expect(Set(check.strategies) == Set(confirmed.plan.strategies.map(\.id)))
        #expect(check.predictedWinner == PredictedRanking(cells: prediction.cells.filter { Set(check.strategies).contains($0.strategy) },
                                                          link: local.name).entries.first?.strategy)
        // One iteration: a different measured winner cannot be shown to beat the predicted one.
        #expect(check.verdict == (check.predictedWinner == check.measuredWinner ? .held : .undecided), "\(check.sentence)")

        let errors = PredictionError.pair(cells: prediction.cells, network: local.name, builds: try store.builds(runId: outcome.runId))
        #expect(errors.count == confirmed.plan.strategies.count * 2, "every measured cell has its prediction")
        for error in errors where error.flagged {
            // A flagged cell names the term that was wrong, and that term carries a real share of the miss.
            let term = try #require(error.wrongTerm)
            let off = abs(error.termErrors[term] ?? 0)
            #expect(off >= abs(error.predicted - error.measured) / 4, "\(error.strategy) \(error.scenario): \(error.sentence)")
        }
        #expect(Integration.leftoverDaemons().isEmpty)
    }
}
