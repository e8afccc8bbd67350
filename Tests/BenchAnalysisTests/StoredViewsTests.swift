import BenchAnalysis
import Foundation
import ResultStore
import Testing

/// What BenchAnalysis reads from a store for the reports: the history of runs and a run's stored prediction.
@Suite struct StoredViewsTests {
    let started = Date(timeIntervalSince1970: 1_800_000_000)

    func store(_ body: (ResultStore) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cb-views-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(try ResultStore(path: directory.appendingPathComponent("results.sqlite").path))
    }

    func run(_ store: ResultStore, walls: [(String, String, Double)]) throws -> Int64 {
        let id = try store.insertRun(RunRecord(startedAt: started, project: "/p", dockerfile: "FROM x", engineVersions: [:],
                                               options: [:])).id!
        for (i, wall) in walls.enumerated() {
            try store.insertBuild(NewBuild(build: BuildRecord(runId: id, strategy: wall.0, scenario: wall.1, iteration: 1,
                                                              chainPosition: i, status: .ok, wallSeconds: wall.2), phases: []))
        }
        try store.finishRun(id: id, status: .completed)
        return id
    }

    @Test func historyReadsEveryRunOldestFirstAndFilters() throws {
        try store { store in
            _ = try run(store, walls: [("naive", "cold", 60), ("inline", "cold", 50)])
            _ = try run(store, walls: [("naive", "cold", 58), ("naive", "no-change", 40)])
            let all = try RunHistory(store: store)
            #expect(all.runs.map { $0.run.id } == [1, 2])
            #expect(all.cells.map { "\($0.strategy) \($0.scenario)" } == ["naive cold", "inline cold", "naive no-change"])
            let naiveCold = try RunHistory(store: store, strategy: "naive", scenario: "cold")
            #expect(naiveCold.runs.map { $0.cells.map(\.wall?.mean) } == [[60], [58]])
        }
    }

    @Test func historyOfAnEmptyDatabaseIsAnErrorThatNamesIt() throws {
        try store { store in
            #expect(throws: StoreError.noRuns(path: store.path)) { try RunHistory(store: store) }
        }
    }

    /// Predicted 50 s for naive · cold on local; measured 60 s: (50 − 60) / 60 = −16.7 %, flagged. The steps term
    /// predicted 40 s and the build printed no steps (0 s measured), so it is off by −40 s: the term named.
    @Test func aConfirmedPredictionComesBackAsTheMeasuredCellsErrors() throws {
        try store { store in
            let calibration = try run(store, walls: [("per-stage", "cold", 70)])
            let confirmation = try run(store, walls: [("naive", "cold", 60)])
            let cells = [PredictedCell(strategy: "naive", scenario: "cold", network: "local", steps: 40, overhead: 10, pulls: 0,
                                       extraction: 0, pushes: 0, interval: 2),
                         PredictedCell(strategy: "naive", scenario: "cold", network: "office", steps: 40, overhead: 10, pulls: 5,
                                       extraction: 0, pushes: 9, interval: 2)]
            let id = try store.insertPrediction(PredictionRecord(calibrationRunId: calibration, rates: "{}", spreadSource: "none"),
                                                cells: cells.map(PredictedCellRecord.init))
            let predicted = try #require(try PredictionComparison.stored(store: store, runId: calibration),
                                         "a calibration run shows its predicted cells")
            #expect(predicted.cells.count == 2 && predicted.links == ["local", "office"] && predicted.calibrationRunId == calibration
                    && predicted.spreadSource == "none" && predicted.errors.isEmpty && predicted.measuredRunId == nil)
            try store.confirmPrediction(id: id, runId: confirmation)
            let confirmed = try #require(try PredictionComparison.stored(store: store, runId: confirmation),
                                         "a confirmation run shows its measured cells' errors")
            #expect(confirmed.measuredRunId == confirmation && confirmed.predictionId == id)
            let errors = confirmed.errors
            #expect(errors.count == 1, "the first network only")
            let error = try #require(errors.first)
            #expect(abs(error.relativeError - (50.0 - 60.0) / 60.0) < 1e-9)
            #expect(error.flagged)
            #expect(error.wrongTerm == "steps")
            #expect(try PredictionComparison.stored(store: store, runId: 99) == nil)
        }
    }
}
