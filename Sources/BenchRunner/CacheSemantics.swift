import DockerfileModel
import ResultStore
import Foundation

/// Which stages a strategy can serve from cache, and which it sends to the registry: data, one entry per
/// strategy, so a new strategy is one line of `table`.
struct CacheSemantics: Sendable, Equatable {
    /// A set of stages, resolved against a Dockerfile's stage graph.
    enum Stages: String, Sendable {
        /// No stage.
        case nothing
        /// The target stage (its image is the cache source).
        case finalStage
        /// Every stage the script tags and pushes.
        case pushedStages
        /// Every stage the target needs (a cache export in mode=max, a local cache directory, buildah's layer cache).
        case everyStage

        /// Stage indices of `graph`.
        func resolve(_ graph: StageGraph) -> Set<Int> {
            switch self {
            case .nothing: return []
            case .finalStage: return [graph.target]
            case .pushedStages, .everyStage: return Set(graph.neededByTarget)
            }
        }
    }

    /// Stages whose steps a later CI run can take from cache.
    var cached: Stages
    /// Stages whose layers a CI run sends to the registry (images pushed and cache exported).
    var exported: Stages
    /// Which served layers the build itself fetches from the cache source (rather than a pull command).
    var imports: Imports
    /// Where the cache lives: the registry (across the link) or a directory the CI cache carries (on the runner).
    var store: Store = .registry

    enum Store: String, Sendable {
        /// Cache imports and exports cross the link to the registry.
        case registry
        /// `type=local`: the cache is read from and written to a directory on the runner; only the image push
        /// (`--push`, the final stage) crosses the link.
        case localDirectory
    }

    init(cached: Stages, exported: Stages, imports: Imports, store: Store = .registry) {
        self.cached = cached; self.exported = exported; self.imports = imports; self.store = store
    }

    /// Served layers a build fetches.
    enum Imports: String, Sendable {
        /// None: the cache comes from images pulled before the build.
        case none
        /// Only the served layers a rebuilt step builds on (a lazy cache import that exports to a registry).
        case rebuiltPrefix
        /// Every served layer of every stage the build produces, with its base: BuildKit exporting into dockerd's
        /// image store and buildah committing to its own storage need every layer locally (calibration: an all-cached
        /// BuildKit build took as long as pulling its image).
        case everyServedLayer
    }

    /// naive nothing; single-tag the final stage; per-stage every pushed stage; inline and registry-min the final
    /// stage's layers; registry-max and local every stage.
    static let table: [String: CacheSemantics] = [
        "none": CacheSemantics(cached: .nothing, exported: .finalStage, imports: .none),
        "naive": CacheSemantics(cached: .nothing, exported: .finalStage, imports: .none),
        "single-tag": CacheSemantics(cached: .finalStage, exported: .finalStage, imports: .none),
        "per-stage": CacheSemantics(cached: .pushedStages, exported: .pushedStages, imports: .none),
        "inline": CacheSemantics(cached: .finalStage, exported: .finalStage, imports: .everyServedLayer),
        "registry-min": CacheSemantics(cached: .finalStage, exported: .finalStage, imports: .rebuiltPrefix),
        "inline-per-stage": CacheSemantics(cached: .pushedStages, exported: .pushedStages, imports: .everyServedLayer),
        // buildah's --cache-to pushes each layer as its step commits: inside the steps' measured time, so only the
        // final push is a push phase.
        "buildah-layers": CacheSemantics(cached: .everyStage, exported: .finalStage, imports: .everyServedLayer),
        "registry-max": CacheSemantics(cached: .everyStage, exported: .everyStage, imports: .rebuiltPrefix),
        // The inline cache of the pushed :latest, through buildx: registry-min's semantics (the engine serves only
        // the final stage's steps after a change), its cache riding in the image it pushes.
        "inline-buildx": CacheSemantics(cached: .finalStage, exported: .finalStage, imports: .rebuiltPrefix),
        "local": CacheSemantics(cached: .everyStage, exported: .everyStage, imports: .rebuiltPrefix, store: .localDirectory),
    ]

    /// The strategy whose cold build calibrates each builder: it pushes every stage it can, so each stage's
    /// image size is measured.
    static let calibrationStrategy: [Builder: String] = [
        .legacy: "per-stage", .buildkit: "inline-per-stage", .buildah: "buildah-layers", .buildx: "registry-max",
    ]

    /// The calibration strategy of `builder` on an engine whose `docker build` is BuildKit (Docker 23+), where the
    /// seed's scripts run through BuildKit and only `per-stage-legacy` keeps the classic builder.
    static func calibrationStrategy(_ builder: Builder, buildKitIsDefault: Bool) -> String? {
        buildKitIsDefault && builder == .legacy ? "per-stage-legacy" : calibrationStrategy[builder]
    }

    /// A strategy's semantics as the engine applies them. The seed's `--cache-from` scripts run through BuildKit push
    /// images without inline cache metadata, and BuildKit takes no cache from such an image: nothing is served.
    static func of(_ strategy: Strategy) -> CacheSemantics {
        let entry = table[strategy.id] ?? CacheSemantics(cached: .nothing, exported: .finalStage, imports: .none)
        guard strategy.builder == .buildkit, ["single-tag", "per-stage"].contains(strategy.id) else { return entry }
        return CacheSemantics(cached: .nothing, exported: entry.exported, imports: .none)
    }
}
