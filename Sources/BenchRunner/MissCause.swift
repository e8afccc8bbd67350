import BenchAnalysis
import Foundation
import ResultStore

/// Why a strategy rebuilt a step that a perfect cache would (or, for content-dependent steps, might) have served.
enum MissCause {
    static let earlierStepMissed = "invalidated by an earlier step of the same stage that missed"
    static let finalStageOnly = "inline and mode=min export only the final stage"
    static let noCache = "the build runs with --no-cache (the control arm)"
    static let noCacheFrom = "no --cache-from: the legacy builder does not use a pulled image as cache"
    static let unidentified = "the cache source did not serve it (cause not identified)"
    static let buildKitNoCacheFrom = "no --cache-from: BuildKit uses no pulled image as cache without it"
    static let buildKitNoCacheMetadata =
        "image pushed without cache metadata: BuildKit's --cache-from needs an image built with BUILDKIT_INLINE_CACHE=1"

    static func neverPushed(_ strategy: Strategy) -> String { "stage never pushed (\(strategy.id) pushes only :latest)" }
    static func notPulled(_ reference: String) -> String { "cache source not pulled (pull of \(reference) failed)" }

    /// The facts of one build that decide the causes.
    struct Facts {
        var strategy: Strategy
        /// The target stage as steps store it.
        var finalStage: String?
        /// The build's rendered commands, and which of them failed.
        var lines: [RenderedLine]
        var failedPulls: [String]
    }

    /// Sets `missCause` on every step that was not served although its ideal state is cached or depends on content.
    static func assign(_ phases: inout [(phase: PhaseRecord, steps: [StepRecord])], facts: Facts) {
        var stagesMissed = Set<String>()
        for p in phases.indices {
            for s in phases[p].steps.indices {
                let step = phases[p].steps[s]
                let keyword = step.instruction.split(separator: " ", maxSplits: 1).first.map { $0.uppercased() } ?? ""
                guard !step.cached, StepAccounting.countedKeywords.contains(keyword),
                      let state = step.idealState, state != .rebuild else { continue }
                let stage = step.stage ?? ""
                phases[p].steps[s].missCause = stagesMissed.insert(stage).inserted
                    ? stageCause(step.stage, facts: facts) : earlierStepMissed
            }
        }
    }

    /// Why a stage's cache was not there: from how the strategy exports and imports it.
    static func stageCause(_ stage: String?, facts: Facts) -> String {
        let strategy = facts.strategy
        let builds = facts.lines.filter { $0.kind == .build }
        if builds.contains(where: { $0.arguments.contains("--no-cache") }) { return noCache }
        let tag = stage == facts.finalStage || stage == nil ? "latest" : ScriptContext.tag(forStage: stage!)
        if let failed = facts.failedPulls.first(where: { pullTag($0) == tag }) { return notPulled(failed) }
        let cacheFrom = builds.contains(where: { $0.arguments.contains("--cache-from") })
        // The seed's scripts on an engine whose default builder is BuildKit (Docker 23+): nothing is imported.
        if strategy.builder == .buildkit, !cacheFrom { return buildKitNoCacheFrom }
        // docker build through BuildKit reads a --cache-from image only through the cache metadata that an inline
        // export wrote into it; the seed's scripts push plain images, so their semantics serve nothing.
        if strategy.builder == .buildkit, CacheSemantics.of(strategy).cached == .nothing { return buildKitNoCacheMetadata }
        if stage != facts.finalStage {
            switch strategy.builder {
            case .legacy where !strategy.isPerStage: return neverPushed(strategy)
            case .buildkit where !strategy.isPerStage: return finalStageOnly
            case .buildx where !builds.contains(where: { $0.arguments.contains { $0.contains("mode=max") } }):
                return finalStageOnly
            default: break
            }
        }
        if strategy.builder == .legacy, !cacheFrom {
            return noCacheFrom
        }
        return unidentified
    }

    /// `repo:tag` → the tag as stored stages read it (`cachebench-stage-1` → `stage-1`).
    private static func pullTag(_ reference: String) -> String {
        let last = reference.split(separator: "/").last.map(String.init) ?? reference
        let tag = last.split(separator: ":").dropFirst().first.map(String.init) ?? "latest"
        return Project.displayStageName(tag)
    }
}
