import BenchAnalysis
import BuildEngine
import Foundation
import ResultStore

/// `cachebench predict`: one instrumented cold build per builder (and a no-change build that repeats the cheap
/// parts: pulls, cached builds, pushes of existing layers), then the model over every cell.
package enum PredictSession {
    /// The calibration plan: for each builder the chosen strategies use, its calibration strategy through
    /// `cold` and `no-change`, once, in a fixed order.
    /// On engines whose `docker build` is BuildKit the seed's strategies are BuildKit ones, so no classic-builder
    /// calibration is run for them.
    package static func calibration(of prepared: RunSession.Prepared) -> RunSession.Prepared {
        let buildKit = buildKitIsDefault(prepared.plan.engines)
        var builders: [Builder] = []
        for strategy in prepared.plan.strategies.map({ $0.resolved(buildKitIsDefault: buildKit) }) where !builders.contains(strategy.builder) {
            builders.append(strategy.builder)
        }
        let strategies = builders.compactMap {
            CacheSemantics.calibrationStrategy($0, buildKitIsDefault: buildKit).flatMap(Strategy.named)
        }
        var calibration = prepared
        calibration.plan = Plan(strategies: strategies, scenarios: [.cold, .noChange], iterations: 1, order: .fixed)
        return calibration
    }

    /// Runs the calibration builds in a fresh sandbox and stores them as a run marked `calibration`.
    package static func calibrate(_ request: RunRequest, prepared: RunSession.Prepared, runner: any ProcessRunner,
                                  events: @escaping @Sendable (RunEvent) -> Void) async throws -> (RunOutcome, ResultStore) {
        var request = request
        request.purpose = "calibration"
        request.shuffled = false
        request.seed = nil
        let calibration = calibration(of: prepared)
        events(.note("calibration: \(calibration.plan.strategies.map(\.id).joined(separator: ", ")) through cold and no-change"))
        return try await RunSession.execute(request, prepared: calibration, runner: runner, events: events)
    }

    /// Predicts every cell of `prepared`'s plan on each link from the stored calibration run, and stores the prediction.
    package static func predict(store: ResultStore, calibrationRunId: Int64, prepared: RunSession.Prepared, links: [Link],
                                weights: [String: Double]? = nil) throws -> PredictionResult {
        let builds = try store.builds(runId: calibrationRunId)
        // The engine the calibration ran on decides which builder the seed's scripts drive.
        let buildKit = calibratedOnBuildKitDefault(builds)
        let calibrations = BuilderCalibration.all(from: builds, buildKitIsDefault: buildKit)
        let planner = try CellWorkPlanner(project: prepared.project, calibrations: calibrations)
        let spread = try measuredSpread(store: store, calibrationRunId: calibrationRunId)
        var cells: [PredictedCell] = []
        var uncovered: [String] = []
        let ordered = calibrations.keys.sorted { $0.rawValue < $1.rawValue }.compactMap { calibrations[$0] }
        for strategy in prepared.plan.strategies.map({ $0.resolved(buildKitIsDefault: buildKit) }) {
            guard let calibration = calibrations[strategy.builder] else {
                uncovered.append("\(strategy.id): no calibration build of the \(strategy.builder.rawValue) builder succeeded")
                continue
            }
            let rates = planner.rates(for: strategy.builder) ?? calibration.rates(falling: ordered)
            for scenario in prepared.plan.chain {
                guard let work = planner.work(strategy: strategy, scenario: scenario) else { continue }
                for link in links {
                    cells.append(PredictionModel.predict(work, rates: rates, link: link, spread: spread))
                }
            }
        }
        let record = PredictionRecord(calibrationRunId: calibrationRunId,
                                      rates: JSON.string(Dictionary(uniqueKeysWithValues: calibrations.map {
                                          ($0.key.rawValue, planner.rates(for: $0.key) ?? $0.value.rates(falling: ordered)) })),
                                      spreadSource: spread.source)
        let id = try store.insertPrediction(record, cells: cells.map(PredictedCellRecord.init))
        return PredictionResult(predictionId: id, calibrationRunId: calibrationRunId, cells: cells, links: links,
                                spread: spread, uncovered: uncovered, weights: weights)
    }
}

extension PredictSession {
    /// Whether every one of `engines` is known to run `docker build` through BuildKit (docker-26.1); a `path:` engine
    /// or none named (the run picks one) is not known to.
    static func buildKitIsDefault(_ engines: [EngineSpec]) -> Bool {
        !engines.isEmpty && engines.allSatisfy { $0 == .docker261 }
    }

    /// Whether the calibration builds ran on such an engine.
    static func calibratedOnBuildKitDefault(_ builds: [BuildDetail]) -> Bool {
        !builds.isEmpty && buildKitIsDefault(builds.map { $0.build.engine.flatMap { try? EngineSpec(parsing: $0) } ?? .docker2010 })
    }
}
