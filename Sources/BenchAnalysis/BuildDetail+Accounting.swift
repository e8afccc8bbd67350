import Foundation
import ResultStore

/// What a stored build adds up to: the steps that count, how many a cache served, what it missed and what that
/// cost, the model's errors, and the bytes its pushes and pulls moved. Every report reads these, never the rows.
extension BuildDetail {
    /// See `StepAccounting.effectiveSteps`.
    public var effectiveSteps: [StepRecord] { StepAccounting.effectiveSteps(steps) }

    public var cachedSteps: Int { effectiveSteps.filter(\.cached).count }
    public var totalSteps: Int { effectiveSteps.count }

    /// Steps rebuilt for nothing: a perfect cache would have served them.
    public var missedSteps: [StepRecord] { effectiveSteps.filter(\.missed) }
    /// Seconds those steps took.
    public var missedSeconds: Double { missedSteps.compactMap(\.seconds).reduce(0, +) }

    /// Steps served from cache although the model said they must rebuild.
    public var modelErrors: [StepRecord] { effectiveSteps.filter(\.modelError) }
    /// Steps whose ideal state depends on content that no build showed unchanged: neither cached nor missed.
    public var contentDependentSteps: [StepRecord] {
        effectiveSteps.filter { $0.idealState == .dependsOnContent && !$0.cached }
    }

    /// Compressed bytes that pushes sent (layers the registry already had cost nothing).
    public var bytesPushed: Int64 { bytes(of: .push) }
    /// Compressed bytes that `docker pull` phases fetched (BuildKit's own `--cache-from` imports inside a build
    /// are not pull phases and are not counted).
    public var bytesPulled: Int64 { bytes(of: .pull) }

    private func bytes(of kind: PhaseKind) -> Int64 {
        let phaseIds = Set(phases.filter { $0.kind == kind }.compactMap(\.id))
        return layers.filter { phaseIds.contains($0.phaseId) && $0.transferred }.compactMap(\.bytes).reduce(0, +)
    }
}
