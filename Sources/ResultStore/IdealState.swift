import Foundation
import GRDB

/// What a perfect cache would have done with a step after the scenario's change (the Dockerfile model).
package enum IdealState: String, Codable, Sendable, CaseIterable {
    /// Served from cache.
    case cached
    /// Must run again: a real build that served it from cache is a model error.
    case rebuild
    /// Copies or mounts from a rebuilt stage (or changed image): cached only if that content came out
    /// identical, which the model cannot know. Never counted as missed.
    case dependsOnContent = "depends-on-content"
    /// Depends on content, and another build of the same scenario in the run served it (or what it copies)
    /// from cache, so the content is known unchanged: ideally cached.
    case contentUnchanged = "content-unchanged"

    /// The `ideallyCached` column for this state: nil while the content is not known.
    package var ideallyCached: Bool? {
        switch self {
        case .cached, .contentUnchanged: return true
        case .rebuild: return false
        case .dependsOnContent: return nil
        }
    }

    /// How reports print it.
    package var label: String {
        switch self {
        case .cached: return "cached"
        case .rebuild: return "rebuild"
        case .dependsOnContent: return "depends on content"
        case .contentUnchanged: return "cached (content unchanged)"
        }
    }
}

extension StepRecord {
    /// True for the two content states.
    package var dependsOnContent: Bool { idealState == .dependsOnContent || idealState == .contentUnchanged }

    /// `contentRoots` as line numbers.
    package var contentRootLines: [Int] {
        (contentRoots ?? "").split(separator: ",").compactMap { Int($0) }
    }
}

extension ResultStore {
    /// Stores the ideal states of steps, by step id (see BenchAnalysis's `ContentResolution`), in one transaction.
    package func setIdealStates(_ states: [Int64: IdealState]) throws {
        try queue.write { db in
            for (id, state) in states {
                try db.execute(sql: "UPDATE step SET idealState = ?, ideallyCached = ? WHERE id = ?",
                               arguments: [state.rawValue, state.ideallyCached, id])
            }
        }
    }
}
