import BenchAnalysis
import BuildEngine
import Foundation
import ResultStore

/// A stored prediction: every strategy × scenario × link cell, and what it was made from.
public struct PredictionResult: Sendable {
    public var predictionId: Int64
    public var calibrationRunId: Int64
    public var cells: [PredictedCell]
    public var links: [Link]
    public var spread: PredictionSpread
    /// Strategies no calibration covers (their builder was unavailable), with why.
    public var uncovered: [String]
    public var weights: [String: Double]?
}

/// `cachebench predict`: one instrumented cold build per builder (and a no-change build that repeats the cheap
/// parts: pulls, cached builds, pushes of existing layers), then the model over every cell.
public enum PredictSession {
    /// The calibration plan: for each builder the chosen strategies use, its calibration strategy through
    /// `cold` and `no-change`, once, in a fixed order.
    /// On engines whose `docker build` is BuildKit the seed's strategies are BuildKit ones, so no classic-builder
    /// calibration is run for them.
    public static func calibration(of prepared: RunSession.Prepared) -> RunSession.Prepared {
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
    public static func calibrate(_ request: RunRequest, prepared: RunSession.Prepared, runner: any ProcessRunner = SubprocessRunner(),
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
    public static func predict(store: ResultStore, calibrationRunId: Int64, prepared: RunSession.Prepared, links: [Link],
                               weights: [String: Double]? = nil) throws -> PredictionResult {
        let builds = try store.builds(runId: calibrationRunId)
        // The engine the calibration ran on decides which builder the seed's scripts drive.
        let buildKit = calibratedOnBuildKitDefault(builds)
        let calibrations = BuilderCalibration.all(from: builds, buildKitIsDefault: buildKit)
        let planner = try CellWorkPlanner(project: prepared.project, calibrations: calibrations)
        let spread = try measuredSpread(store: store, project: prepared.project.directory.path, upTo: calibrationRunId)
        var cells: [PredictedCell] = []
        var uncovered: [String] = []
        let ordered = calibrations.keys.sorted { $0.rawValue < $1.rawValue }.compactMap { calibrations[$0] }
        for strategy in prepared.plan.strategies.map({ $0.resolved(buildKitIsDefault: buildKit) }) {
            guard let calibration = calibrations[strategy.builder] else {
                uncovered.append("\(strategy.id): no calibration build of the \(strategy.builder.rawValue) builder succeeded")
                continue
            }
            let rates = calibration.rates(falling: ordered)
            for scenario in prepared.plan.chain {
                guard let work = planner.work(strategy: strategy, scenario: scenario) else { continue }
                for link in links {
                    cells.append(PredictionModel.predict(work, rates: rates, link: link, spread: spread))
                }
            }
        }
        let record = PredictionRecord(calibrationRunId: calibrationRunId,
                                      rates: JSON.string(Dictionary(uniqueKeysWithValues: calibrations.map {
                                          ($0.key.rawValue, $0.value.rates(falling: ordered)) })),
                                      spreadSource: spread.source)
        let id = try store.insertPrediction(record, cells: cells.map(PredictedCellRecord.init))
        return PredictionResult(predictionId: id, calibrationRunId: calibrationRunId, cells: cells, links: links,
                                spread: spread, uncovered: uncovered, weights: weights)
    }

    /// Step and transfer spreads from every stored build of this project up to `runId` (earlier runs on this machine
    /// and the calibration itself): a step's variance needs two cold builds that ran it.
    static func measuredSpread(store: ResultStore, project: String, upTo runId: Int64) throws -> PredictionSpread {
        let runs = try store.runs().filter { $0.project == project && ($0.id ?? 0) <= runId }
        var steps: [String: [Double]] = [:]
        var pulls: [Double] = [], pushes: [Double] = []
        var buildCount = 0
        for run in runs {
            for detail in try store.builds(runId: run.id!) where detail.build.status == .ok {
                guard let builder = Strategy.named(detail.build.strategy)?.builder else { continue }
                buildCount += 1
                var once: [String: Double] = [:]
                // Steps only from cold builds: the calibration's conditions (a FROM after a pull of the same base is
                // quick for a known reason, not noise).
                for step in detail.steps where !step.cached && detail.build.chainPosition == 0 {
                    guard let index = step.stepIndex, let seconds = step.seconds else { continue }
                    let label = CellWorkPlanner.label(builder: builder, key: IdealCache.key(stage: step.stage, index: index),
                                                      instruction: step.instruction)
                    once[label] = max(once[label] ?? 0, seconds)
                }
                for (label, seconds) in once { steps[label, default: []].append(seconds) }
                for phase in detail.phases where phase.exitCode == 0 && (phase.kind == .pull || phase.kind == .push) {
                    let moved = Double(detail.layers.filter { $0.phaseId == phase.id && $0.transferred }.compactMap(\.bytes).reduce(0, +))
                    guard moved > 1_000_000 else { continue }
                    if phase.kind == .pull { pulls.append(phase.wallSeconds / moved) } else { pushes.append(phase.wallSeconds / moved) }
                }
            }
        }
        let variance = steps.compactMapValues { SampleStatistics($0).flatMap { $0.count >= 2 ? $0.standardDeviation * $0.standardDeviation : nil } }
        func variation(_ values: [Double]) -> Double? {
            guard let stats = SampleStatistics(values), stats.count >= 2, stats.mean > 0 else { return nil }
            return stats.standardDeviation / stats.mean
        }
        let source = "spreads of \(buildCount) stored builds of this project on this machine (\(runs.count) run(s), the calibration included): "
            + "\(variance.count) of \(steps.count) steps ran in two or more cold builds, \(pulls.count) pulls and \(pushes.count) pushes moved over 1 MB"
        return PredictionSpread(stepVariance: variance, pullVariation: variation(pulls), pushVariation: variation(pushes), source: source)
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

extension Link {
    /// The link a network profile emulates.
    public init(_ profile: NetworkProfile) {
        self.init(name: profile.name, bytesPerSecond: profile.bytesPerSecond, latency: profile.latency)
    }
}
