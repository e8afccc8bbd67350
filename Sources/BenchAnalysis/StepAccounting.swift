import Foundation
import ResultStore

/// Which stored steps count when a report says "cached/total".
package enum StepAccounting {
    /// Instructions that change the filesystem and that both builders report: the ones a cache can save.
    package static let countedKeywords: Set<String> = ["RUN", "COPY", "ADD", "WORKDIR"]

    /// The distinct steps of one build: the first time each (stage, index) appears across the build's
    /// phases wins, so the final build of a per-stage script (which re-uses what its `--target` builds just
    /// made locally) does not count those steps twice. FROM and metadata-only instructions are left out.
    package static func effectiveSteps(_ steps: [StepRecord]) -> [StepRecord] {
        var seen = Set<String>()
        var out: [StepRecord] = []
        for step in steps.sorted(by: { $0.ordinal < $1.ordinal }) {
            let keyword = step.instruction.split(separator: " ", maxSplits: 1).first.map { $0.uppercased() } ?? ""
            guard countedKeywords.contains(keyword) else { continue }
            let key = "\(step.stage ?? "?")\u{1F}\(step.stepIndex.map(String.init) ?? step.instruction)"
            if seen.insert(key).inserted { out.append(step) }
        }
        return out
    }
}
