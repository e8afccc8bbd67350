import Foundation
import ResultStore

/// What a stored build adds up to: the steps that count, how many a cache served, what it missed and what that
/// cost, the model's errors, and the bytes its pushes and pulls moved. Every report reads these, never the rows.
extension BuildDetail {
    /// See `StepAccounting.effectiveSteps`.
    package var effectiveSteps: [StepRecord] { StepAccounting.effectiveSteps(steps) }

    package var cachedSteps: Int { effectiveSteps.filter(\.cached).count }
    package var totalSteps: Int { effectiveSteps.count }

    /// Steps rebuilt for nothing: a perfect cache would have served them.
    package var missedSteps: [StepRecord] { effectiveSteps.filter(\.missed) }
    /// Seconds those steps took.
    package var missedSeconds: Double { missedSteps.compactMap(\.seconds).reduce(0, +) }

    /// Steps served from cache although the model said they must rebuild.
    package var modelErrors: [StepRecord] { effectiveSteps.filter(\.modelError) }
    /// Steps whose ideal state depends on content that no build showed unchanged: neither cached nor missed.
    package var contentDependentSteps: [StepRecord] {
        effectiveSteps.filter { $0.idealState == .dependsOnContent && !$0.cached }
    }

    /// Compressed bytes sent to the registry: push phases' layers, and what BuildKit pushed (`--push`) or exported
    /// (`--cache-to`) itself inside a build (layers the backend already held cost nothing).
    package var bytesPushed: Int64 { bytes(of: .push) + bytesPushedByBuildKit + bytesExported }
    /// Compressed bytes fetched: `docker pull` phases' layers, and BuildKit's own cache imports inside a build (a
    /// cached step's layers pulled lazily from `--cache-from`). Base images that a FROM pulls are not counted.
    package var bytesPulled: Int64 { bytes(of: .pull) + bytesImported }

    /// BuildKit's own cache imports and lazy pulls of cached layers, inside build phases.
    package var bytesImported: Int64 { buildKitBytes(.imported) }
    /// Blobs BuildKit's cache export wrote to a backend that did not hold them.
    package var bytesExported: Int64 { buildKitBytes(.exported) }
    /// Blobs BuildKit's `--push` sent inside the build.
    package var bytesPushedByBuildKit: Int64 { buildKitBytes(.pushed) }
    /// True when the build stored any transfer BuildKit made itself (builds stored before cachebench measured them
    /// have none).
    package var hasBuildKitTransfers: Bool {
        let phaseIds = Set(phases.filter { $0.kind == .build }.compactMap(\.id))
        return layers.contains { phaseIds.contains($0.phaseId) }
    }

    private func buildKitBytes(_ action: LayerRecord.Action) -> Int64 {
        let phaseIds = Set(phases.filter { $0.kind == .build }.compactMap(\.id))
        return layers.filter { phaseIds.contains($0.phaseId) && $0.action == action }.compactMap(\.bytes).reduce(0, +)
    }

    private func bytes(of kind: PhaseKind) -> Int64 {
        let phaseIds = Set(phases.filter { $0.kind == kind }.compactMap(\.id))
        return layers.filter { phaseIds.contains($0.phaseId) && $0.transferred }.compactMap(\.bytes).reduce(0, +)
    }
}
