import BenchAnalysis
import BuildEngine
import Foundation
import ResultStore

extension PredictionResult {
    /// Rankings on every link of the prediction.
    package var rankings: [PredictedRanking] {
        links.map { PredictedRanking(cells: cells, link: $0.name, weights: weights) }
    }

    /// Where the order of two strategies flips along the bandwidth axis, at the latency of each throttled link.
    package func flips(planner: @escaping (Link) -> [PredictedCell]) -> [BandwidthFlip] {
        let latencies = Array(Set(links.filter { $0.bytesPerSecond != nil }.map(\.latency))).sorted()
        let strategies = PredictionReportOrder.strategies(cells)
        // Only the flips a reader acts on: a link's leader against naive or against another link's leader.
        let leaders = Set(rankings.compactMap { $0.entries.first?.strategy })
        return latencies.flatMap { latency in
            BandwidthFlip.find(strategies: strategies, latency: latency, weights: weights, predict: planner)
                .filter { leaders.contains($0.faster) && ($0.slower == "naive" || leaders.contains($0.slower)) }
        }
    }
}

extension PredictSession {
    /// Re-evaluates a stored calibration on any link (the network what-if), without storing anything.
    package static func cells(store: ResultStore, calibrationRunId: Int64, prepared: RunSession.Prepared,
                              spread: PredictionSpread) throws -> @Sendable (Link) -> [PredictedCell] {
        let builds = try store.builds(runId: calibrationRunId)
        let buildKit = calibratedOnBuildKitDefault(builds)
        let calibrations = BuilderCalibration.all(from: builds, buildKitIsDefault: buildKit)
        let planner = try CellWorkPlanner(project: prepared.project, calibrations: calibrations)
        let ordered = calibrations.keys.sorted { $0.rawValue < $1.rawValue }.compactMap { calibrations[$0] }
        var works: [(CellWork, MachineRates)] = []
        for strategy in prepared.plan.strategies.map({ $0.resolved(buildKitIsDefault: buildKit) }) {
            guard let calibration = calibrations[strategy.builder] else { continue }
            let rates = planner.rates(for: strategy.builder) ?? calibration.rates(falling: ordered)
            for scenario in prepared.plan.chain {
                if let work = planner.work(strategy: strategy, scenario: scenario) { works.append((work, rates)) }
            }
        }
        let all = works
        return { link in all.map { PredictionModel.predict($0.0, rates: $0.1, link: link, spread: spread) } }
    }

    /// The plan `run --confirm N` measures: the `n` strategies predicted fastest on `link`, plus `naive` as the
    /// baseline, through the chain of the weighted scenarios.
    package static func confirmation(of prepared: RunSession.Prepared, prediction: PredictionResult, top n: Int,
                                     link: String) -> RunSession.Prepared {
        let ranking = PredictedRanking(cells: prediction.cells, link: link, weights: prediction.weights)
        var ids = ranking.top(n)
        if !ids.contains("naive") { ids.append("naive") }
        var confirmed = prepared
        let strategies = ids.compactMap(Strategy.named)
        var chain = prepared.plan.chain
        if let weights = prediction.weights {
            chain = chain.filter { $0 == .cold || (weights[$0.rawValue] ?? 0) > 0 }
        }
        confirmed.plan = Plan(strategies: strategies, scenarios: chain, iterations: prepared.plan.iterations,
                              order: prepared.plan.order, engines: prepared.plan.engines)
        return confirmed
    }
}
