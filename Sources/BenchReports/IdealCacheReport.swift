import BenchAnalysis
import Foundation

/// What reports say about the ideal cache: each step's ideal state, why missed steps missed, model errors
/// (steps the engine served although the model said rebuild) and changes that broke the build.
enum IdealCacheReport {
    /// The "ideal" column of a step table.
    static func ideal(_ step: StoredStep) -> String {
        step.idealState?.label ?? step.ideallyCached.map { $0 ? "cached" : "rebuild" } ?? "-"
    }

    /// A step's verdict: missed with its cause, a model error, or nothing.
    static func verdict(_ step: StoredStep) -> String? {
        if step.modelError { return "model error: served from cache, the model said rebuild" }
        if step.missed { return "missed: " + (step.missCause ?? "cause not recorded") }
        return nil
    }

    /// One line per strategy × scenario × cause: how many missed steps over how many builds, and their seconds.
    static func missedCauses(_ analysis: RunAnalysis) -> [String] {
        var out: [String] = []
        for strategy in analysis.strategies {
            for scenario in analysis.scenarios {
                let ok = analysis.builds.filter {
                    $0.build.strategy == strategy && $0.build.scenario == scenario && $0.build.status == .ok
                }
                let missed = ok.flatMap(\.missedSteps)
                guard !missed.isEmpty else { continue }
                var causes: [String] = []
                for step in missed where !causes.contains(step.missCause ?? "cause not recorded") {
                    causes.append(step.missCause ?? "cause not recorded")
                }
                for cause in causes {
                    let steps = missed.filter { ($0.missCause ?? "cause not recorded") == cause }
                    out.append(String(format: "%@ · %@: %d step(s) over %d build(s), %.1f s: %@", strategy, scenario, steps.count,
                                      ok.count, steps.compactMap(\.seconds).reduce(0, +), cause))
                }
            }
        }
        return out
    }

    /// One line per model error.
    static func modelErrors(_ analysis: RunAnalysis) -> [String] {
        analysis.builds.flatMap { detail in
            detail.modelErrors.map { step in
                "\(detail.build.strategy) · \(detail.build.scenario) · iteration \(detail.build.iteration): "
                    + "\(step.stage ?? "")#\(step.stepIndex.map(String.init) ?? "?") `\(step.instruction)` was served from cache, "
                    + "the model said rebuild"
            }
        }
    }

    /// Steps left "depends on content" (neither counted cached nor missed), over the ok builds.
    static func undecided(_ analysis: RunAnalysis) -> Int {
        analysis.builds.filter { $0.build.status == .ok }.map(\.contentDependentSteps.count).reduce(0, +)
    }

    /// One line per change that broke every strategy's build.
    static func scenarioErrors(_ analysis: RunAnalysis) -> [String] {
        analysis.scenarioErrors.map { error in
            "\(error.scenario) · iteration \(error.iteration): the change broke the build under every strategy ("
                + error.strategies.joined(separator: ", ") + (error.controlFailed ? ", including the control arm none" : "")
                + ") while the previous build worked: a scenario error, not a strategy failure"
                + (error.error.map { ": \($0)" } ?? "")
        }
    }

    /// The lines every report adds under its table, empty when there is nothing to say.
    static func notes(_ analysis: RunAnalysis) -> [String] {
        var out: [String] = []
        let errors = modelErrors(analysis)
        if !errors.isEmpty {
            out.append("model errors: \(errors.count) step(s) served from cache that the ideal cache said must rebuild "
                       + "(the engine is right; the model is wrong)")
            out += errors.map { "  " + $0 }
        }
        let scenario = scenarioErrors(analysis)
        out += scenario
        let causes = missedCauses(analysis)
        if !causes.isEmpty {
            out.append("missed steps by cause:")
            out += causes.map { "  " + $0 }
        }
        let open = undecided(analysis)
        if open > 0 {
            out.append("\(open) rebuilt step(s) copy from a rebuilt stage and no build showed the copied files unchanged: "
                       + "\"depends on content\", counted neither cached nor missed")
        }
        return out
    }

    /// `N× cause` per distinct cause of the build's missed steps, `; `-separated.
    static func causes(_ detail: StoredBuild) -> String {
        var counts: [(String, Int)] = []
        for step in detail.missedSteps {
            let cause = step.missCause ?? "cause not recorded"
            if let i = counts.firstIndex(where: { $0.0 == cause }) { counts[i].1 += 1 } else { counts.append((cause, 1)) }
        }
        return counts.map { "\($0.1)× \($0.0)" }.joined(separator: "; ")
    }
}
