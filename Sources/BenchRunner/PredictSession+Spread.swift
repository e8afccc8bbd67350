import BenchAnalysis
import Foundation
import ResultStore

extension PredictSession {
    /// The spreads a prediction's intervals come from: every successful build of the calibration's project stored on
    /// the calibration's machine (`run.host`) in runs up to the calibration, the calibration itself included (its
    /// no-change builds repeat the cheap parts: pulls, pushes of layers that exist, build commands).
    /// - step: the seconds of each rebuilt (not cached) run of the step, matched by stage and instruction text; a
    ///   FROM only in cold builds (after a pull of its base it is quick for a known reason, not noise);
    /// - overhead: a cold build command's seconds beyond the steps it ran;
    /// - pulls, pushes: seconds per byte of each pull or push that moved over 1 MB.
    /// Each builder is a group of its own for a step, and each command of a strategy's script (strategy and the
    /// command's place in it: the same transfer, the same build command) for the rest, pooled by
    /// `SpreadEstimate.pooled`: a spread is relative to its own group's mean, so a small image's pull and a big
    /// one's, or two builders' runs of one step, do not pass for noise.
    static func measuredSpread(store: ResultStore, calibrationRunId: Int64) throws -> PredictionSpread {
        let calibration = try store.run(id: calibrationRunId)
        let runs = try store.runs().filter {
            $0.project == calibration.project && $0.host == calibration.host && ($0.id ?? 0) <= calibrationRunId
        }
        var samples = SpreadSamples()
        for run in runs {
            for detail in try store.builds(runId: run.id!) where detail.build.status == .ok { samples.add(detail) }
        }
        let stepSpreads = samples.steps.compactMapValues { SpreadEstimate.pooled(Array($0.values)) }
        let overhead = SpreadEstimate.pooled(Array(samples.overheads.values))
        let pull = SpreadEstimate.pooled(Array(samples.pulls.values)), push = SpreadEstimate.pooled(Array(samples.pushes.values))
        func said(_ name: String, _ estimate: SpreadEstimate?) -> String {
            estimate.map { String(format: "%@ CV %.1f%% (%d samples)", name, $0.variation * 100, $0.samples) } ?? "\(name) assumed"
        }
        let buildCount = samples.buildCount
        let source = "spreads from \(buildCount) stored build\(buildCount == 1 ? "" : "s") of this project on \(calibration.host) "
            + "(\(runs.count) run\(runs.count == 1 ? "" : "s") up to the calibration, which is included): "
            + "\(stepSpreads.count) of \(samples.steps.count) steps rebuilt in two or more, "
            + [said("overhead", overhead), said("pulls", pull), said("pushes", push)].joined(separator: ", ")
            + String(format: "; a term without two samples assumes CV %.1f%% (%g degrees of freedom, README \"Prediction\"); "
                     + "95%% intervals t-based, terms' variances summed", SpreadEstimate.assumedDefault.variation * 100,
                     SpreadEstimate.assumedDefault.degreesOfFreedom)
        return PredictionSpread(steps: stepSpreads, overhead: overhead, pulls: pull, pushes: push, builds: buildCount,
                                source: source)
    }
}

/// The samples `measuredSpread` pools, grouped as it describes: steps by key and builder family, the rest by command.
private struct SpreadSamples {
    var steps: [String: [String: [Double]]] = [:]
    var overheads: [String: [Double]] = [:], pulls: [String: [Double]] = [:], pushes: [String: [Double]] = [:]
    var buildCount = 0

    /// One successful build's samples.
    mutating func add(_ detail: BuildDetail) {
        guard let builder = detail.build.builder ?? Strategy.named(detail.build.strategy)?.builder else { return }
        let family = "\(builder.family)"
        buildCount += 1
        addSteps(of: detail, family: family)
        for phase in detail.phases where phase.exitCode == 0 { add(phase, of: detail, family: family) }
    }

    /// Each rebuilt step of the build's build phases, once: its longest run.
    private mutating func addSteps(of detail: BuildDetail, family: String) {
        let buildPhases = Set(detail.phases.filter { $0.kind == .build }.compactMap(\.id))
        var once: [String: Double] = [:]
        for step in detail.steps where !step.cached && buildPhases.contains(step.phaseId) {
            guard step.stepIndex != nil, let seconds = step.seconds else { continue }
            if step.instruction.uppercased().hasPrefix("FROM ") && detail.build.chainPosition > 0 { continue }
            let key = CellWorkPlanner.spreadKey(stage: step.stage, instruction: step.instruction)
            once[key] = max(once[key] ?? 0, seconds)
        }
        for (key, seconds) in once { steps[key, default: [:]][family, default: []].append(seconds) }
    }

    /// A cold build command's overhead, or a pull's or push's seconds per byte.
    private mutating func add(_ phase: PhaseRecord, of detail: BuildDetail, family: String) {
        let command = "\(family) \(detail.build.strategy) #\(phase.ordinal)"
        switch phase.kind {
        case .build where detail.build.chainPosition == 0:
            let ran = detail.steps.filter { $0.phaseId == phase.id && !$0.cached }.compactMap(\.seconds).reduce(0, +)
            overheads[command, default: []].append(max(0, phase.wallSeconds - ran))
        case .pull, .push:
            let moved = Double(detail.layers.filter { $0.phaseId == phase.id && $0.transferred }.compactMap(\.bytes).reduce(0, +))
            guard moved > 1_000_000 else { return }
            if phase.kind == .pull { pulls[command, default: []].append(phase.wallSeconds / moved) }
            else { pushes[command, default: []].append(phase.wallSeconds / moved) }
        default: break
        }
    }
}
