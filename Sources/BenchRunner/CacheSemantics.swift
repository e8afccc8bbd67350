import DockerfileModel
import Foundation

/// Which stages a strategy can serve from cache, and which it sends to the registry: data, one entry per
/// strategy, so a new strategy is one line of `table`.
public struct CacheSemantics: Sendable, Equatable {
    /// A set of stages, resolved against a Dockerfile's stage graph.
    public enum Stages: String, Sendable {
        /// No stage.
        case nothing
        /// The target stage (its image is the cache source).
        case finalStage
        /// Every stage the script tags and pushes.
        case pushedStages
        /// Every stage the target needs (a cache export in mode=max, a local cache directory, buildah's layer cache).
        case everyStage

        /// Stage indices of `graph`.
        public func resolve(_ graph: StageGraph) -> Set<Int> {
            switch self {
            case .nothing: return []
            case .finalStage: return [graph.target]
            case .pushedStages, .everyStage: return Set(graph.neededByTarget)
            }
        }
    }

    /// Stages whose steps a later CI run can take from cache.
    public var cached: Stages
    /// Stages whose layers a CI run sends to the registry (images pushed and cache exported).
    public var exported: Stages
    /// Whether cached layers come in through the build itself (BuildKit and buildah cache imports) rather than a pull.
    public var importsDuringBuild: Bool

    /// naive nothing; single-tag the final stage; per-stage every pushed stage; inline and registry-min the final
    /// stage's layers; registry-max and local every stage.
    public static let table: [String: CacheSemantics] = [
        "none": CacheSemantics(cached: .nothing, exported: .finalStage, importsDuringBuild: false),
        "naive": CacheSemantics(cached: .nothing, exported: .finalStage, importsDuringBuild: false),
        "single-tag": CacheSemantics(cached: .finalStage, exported: .finalStage, importsDuringBuild: false),
        "per-stage": CacheSemantics(cached: .pushedStages, exported: .pushedStages, importsDuringBuild: false),
        "inline": CacheSemantics(cached: .finalStage, exported: .finalStage, importsDuringBuild: true),
        "registry-min": CacheSemantics(cached: .finalStage, exported: .finalStage, importsDuringBuild: true),
        "inline-per-stage": CacheSemantics(cached: .pushedStages, exported: .pushedStages, importsDuringBuild: true),
        "buildah-layers": CacheSemantics(cached: .everyStage, exported: .everyStage, importsDuringBuild: true),
        "registry-max": CacheSemantics(cached: .everyStage, exported: .everyStage, importsDuringBuild: true),
        "local": CacheSemantics(cached: .everyStage, exported: .everyStage, importsDuringBuild: true),
    ]

    /// The strategy whose cold build calibrates each builder: it pushes every stage it can, so each stage's
    /// image size is measured.
    public static let calibrationStrategy: [Builder: String] = [
        .legacy: "per-stage", .buildkit: "inline-per-stage", .buildah: "buildah-layers", .buildx: "registry-max",
    ]
}
