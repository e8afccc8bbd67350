import Foundation
import ResultStore
import Testing

@Suite struct PredictionStoreTests {
    @Test func predictionIsFoundFromItsCalibrationAndItsConfirmation() throws {
        let db = try TempDatabase()
        let store = try ResultStore(path: db.path)
        let calibration = try store.insertRun(RunRecord(project: "/p", dockerfile: "FROM x", engineVersions: [:],
                                                        options: ["purpose": "calibration"]))
        let confirmation = try store.insertRun(RunRecord(project: "/p", dockerfile: "FROM x", engineVersions: [:], options: [:]))
        let cell = PredictedCellRecord(strategy: "per-stage", scenario: "no-change", network: "local", steps: 1, overhead: 2,
                                       pulls: 3, extraction: 4, pushes: 5, interval: 0.5)
        let id = try store.insertPrediction(PredictionRecord(calibrationRunId: calibration.id!, rates: "{}", spreadSource: "test"),
                                            cells: [cell])
        #expect(try store.prediction(forRun: confirmation.id!) == nil)
        try store.confirmPrediction(id: id, runId: confirmation.id!)
        for run in [calibration.id!, confirmation.id!] {
            let found = try #require(try store.prediction(forRun: run))
            #expect(found.prediction.id == id)
            #expect(found.prediction.confirmRunId == confirmation.id!)
            #expect(found.cells.count == 1)
            #expect(found.cells.first?.pushes == 5 && found.cells.first?.predictionId == id)
        }
    }
}
