import Foundation
import GRDB

/// What a perfect cache would have done with a step after the scenario's change (the Dockerfile model).
public enum IdealState: String, Codable, Sendable, CaseIterable {
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
    public var ideallyCached: Bool? {
        switch self {
        case .cached, .contentUnchanged: return true
        case .rebuild: return false
        case .dependsOnContent: return nil
        }
    }

    /// How reports print it.
    public var label: String {
        switch self {
        case .cached: return "cached"
        case .rebuild: return "rebuild"
        case .dependsOnContent: return "depends on content"
        case .contentUnchanged: return "cached (content unchanged)"
        }
    }
}

/// A step a real build served from cache while the model said it must rebuild.
public struct ModelError: Sendable, Equatable {
    public var build: BuildRecord
    public var step: StepRecord
}

/// Resolves "depends on content" once builds show what the change did to the copied files.
public enum ContentResolution {
    /// The new state of every content-dependent step of `builds` (one run): content-unchanged when, for each
    /// of its roots, some build of the same scenario served a content-dependent step on that line from cache
    /// (the change leaves those copied files identical); depends-on-content otherwise. Keyed by step id.
    public static func resolve(_ builds: [BuildDetail]) -> [Int64: IdealState] {
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

extension StepRecord {
    /// True for the two content states.
    public var dependsOnContent: Bool { idealState == .dependsOnContent || idealState == .contentUnchanged }

    /// `contentRoots` as line numbers.
    public var contentRootLines: [Int] {
        (contentRoots ?? "").split(separator: ",").compactMap { Int($0) }
    }
}

extension BuildDetail {
    /// Steps served from cache although the model said they must rebuild.
    public var modelErrors: [StepRecord] { effectiveSteps.filter(\.modelError) }
    /// Steps whose ideal state depends on content that no build showed unchanged: neither cached nor missed.
    public var contentDependentSteps: [StepRecord] {
        effectiveSteps.filter { $0.idealState == .dependsOnContent && !$0.cached }
    }
}

extension ResultStore {
    /// Every model error of a run, oldest build first. Integration tests assert this is empty.
    public func modelErrors(runId: Int64) throws -> [ModelError] {
        try builds(runId: runId).flatMap { detail in detail.modelErrors.map { ModelError(build: detail.build, step: $0) } }
    }

    /// Re-derives the content states of a run's steps from its stored builds (see `ContentResolution`).
    public func resolveContentDependence(runId: Int64) throws {
        let states = ContentResolution.resolve(try builds(runId: runId))
        try queue.write { db in
            for (id, state) in states {
                try db.execute(sql: "UPDATE step SET idealState = ?, ideallyCached = ? WHERE id = ?",
                               arguments: [state.rawValue, state.ideallyCached, id])
            }
        }
    }
}
