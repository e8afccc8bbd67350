import Foundation
import ResultStore

/// Resolves "depends on content" once builds show what the change did to the copied files.
package enum ContentResolution {
    /// The new state of every content-dependent step of `builds` (one run): content-unchanged when, for each
    /// of its roots, some build of the same scenario served a content-dependent step on that line from cache
    /// (the change leaves those copied files identical); depends-on-content otherwise. Keyed by step id.
    package static func resolve(_ builds: [BuildDetail]) -> [Int64: IdealState] {
        var known: [String: Set<Int>] = [:]
        for detail in builds {
            for step in detail.effectiveSteps where step.cached && step.dependsOnContent {
                if let line = step.dockerfileLine { known[detail.build.scenario, default: []].insert(line) }
            }
        }
        var out: [Int64: IdealState] = [:]
        for detail in builds {
            let unchanged = known[detail.build.scenario] ?? []
            for step in detail.steps where step.dependsOnContent {
                guard let id = step.id else { continue }
                let roots = step.contentRootLines
                out[id] = !roots.isEmpty && Set(roots).isSubset(of: unchanged) ? .contentUnchanged : .dependsOnContent
            }
        }
        return out
    }
}
