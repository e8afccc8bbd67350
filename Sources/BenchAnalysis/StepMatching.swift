import Foundation
import ResultStore

/// Matches steps across the builds of one cell in two runs.
enum StepMatching {
    struct Key: Hashable {
        var stage: String?
        var instruction: String
        /// The n-th step with this stage and text in its build, for a Dockerfile that repeats an instruction.
        var occurrence: Int
        var cached: Bool
    }

    /// Steps matched by stage and instruction text, cached with cached and rebuilt with rebuilt, over the
    /// successful builds; steps without a duration, or seen on one side only, are left out.
    static func compare(_ before: [BuildDetail], _ after: [BuildDetail]) -> [StepComparison] {
        let old = samples(before).values
        let (keys, new) = samples(after)
        var out: [StepComparison] = []
        for key in keys {
            guard let a = old[key].flatMap({ SampleStatistics($0) }), let b = new[key].flatMap({ SampleStatistics($0) }) else { continue }
            out.append(StepComparison(stage: key.stage, instruction: key.instruction, cached: key.cached,
                                      comparison: SampleComparison(baseline: a, current: b), adjustedP: nil, regressed: false))
        }
        return out
    }

    /// Each key's durations, and the keys in the order the builds first ran them.
    static func samples(_ builds: [BuildDetail]) -> (keys: [Key], values: [Key: [Double]]) {
        var keys: [Key] = []
        var out: [Key: [Double]] = [:]
        for detail in builds where detail.build.status == .ok {
            var seen: [String: Int] = [:]
            for step in detail.effectiveSteps {
                let text = step.instruction.trimmingCharacters(in: .whitespaces)
                let occurrence = seen["\(step.stage ?? "")\u{1F}\(text)", default: 0]
                seen["\(step.stage ?? "")\u{1F}\(text)"] = occurrence + 1
                guard let seconds = step.seconds else { continue }
                let key = Key(stage: step.stage, instruction: text, occurrence: occurrence, cached: step.cached)
                if out[key] == nil { keys.append(key) }
                out[key, default: []].append(seconds)
            }
        }
        return (keys, out)
    }
}
