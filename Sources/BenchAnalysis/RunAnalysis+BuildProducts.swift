import DockerfileModel
import Foundation
import ResultStore

extension RunAnalysis {
    /// `legacy builder`, `BuildKit`, `BuildKit via buildx` or `buildah`, as a report names a stored builder.
    package static func builderName(_ builder: Builder?) -> String {
        switch builder {
        case .legacy: return "legacy builder"
        case .buildkit: return "BuildKit"
        case .buildx: return "BuildKit via buildx (docker driver)"
        case .buildah: return "buildah"
        case nil: return "not recorded"
        }
    }

    /// The builder each strategy (label) used, as recorded with its builds.
    package var builders: [(strategy: String, builder: Builder?)] {
        strategies.map { strategy in
            (strategy, builds.first { $0.build.strategy == strategy && $0.build.builder != nil }?.build.builder)
        }
    }

    /// Every build that ran (not unavailable), with its final image and reused layers.
    package var imageProducts: [ImageProduct] {
        builds.filter { $0.build.status != .unavailable }.map { detail in
            let b = detail.build
            var product = ImageProduct(strategy: b.strategy, scenario: b.scenario, iteration: b.iteration, finalImageBytes: nil,
                                       reused: [], built: [], notMeasured: nil)
            guard let final = detail.images.first(where: \.history.isFinal) else {
                product.notMeasured = b.builder == .buildah ? "not measured (buildah's images are not in a docker engine)"
                    : b.status == .ok ? "not measured" : "not measured (the build failed)"
                return product
            }
            guard final.history.exitCode == 0, !final.layers.isEmpty else {
                product.notMeasured = "not measured (docker history exited \(final.history.exitCode))"
                return product
            }
            let sizes = final.layers.compactMap(\.bytes)
            product.finalImageBytes = sizes.count == final.layers.count ? sizes.reduce(0, +) : nil
            if product.finalImageBytes == nil { product.notMeasured = "not measured (a history row had no size)" }
            let layers = final.layers.filter { ($0.bytes ?? 0) > 0 }
            product.reused = layers.filter { $0.reused == true }
            product.built = layers.filter { $0.reused == false }
            return product
        }
    }

    /// Each strategy's chain per iteration, with what its caches held after every build.
    package var cacheGrowth: [CacheGrowth] {
        var out: [CacheGrowth] = []
        for strategy in strategies {
            let chain = builds.filter { $0.build.strategy == strategy && $0.build.status != .unavailable }
            for iteration in Set(chain.map(\.build.iteration)).sorted() {
                let points = chain.filter { $0.build.iteration == iteration }.sorted { $0.build.chainPosition < $1.build.chainPosition }
                    .map { detail in
                        CacheGrowthPoint(scenario: detail.build.scenario, chainPosition: detail.build.chainPosition,
                                         registryBytes: detail.cacheUsage.first { $0.backend == "registry" }?.bytes,
                                         localBytes: detail.cacheUsage.first { $0.backend == "local" }?.bytes)
                    }
                if !points.isEmpty { out.append(CacheGrowth(strategy: strategy, iteration: iteration, points: points)) }
            }
        }
        return out
    }

    /// True when some build of the chain used a `type=local` cache (its growth is shown).
    package var usesLocalCache: Bool { builds.contains { $0.cacheUsage.contains { $0.backend == "local" } } }

    /// The Dockerfile's `RUN --mount=type=cache` steps and what an empty mount cost each time a build reran one.
    /// Empty when the Dockerfile has none (or cannot be parsed).
    package var cacheMountCosts: [CacheMountCost] {
        guard let dockerfile = try? Dockerfile.parse(text: run.dockerfile) else { return [] }
        let runs = dockerfile.instructions.filter { !$0.cacheMounts.isEmpty }
        return runs.map { instruction in
            let text = Self.collapsed(instruction.original)
            let steps = builds.filter { $0.build.status == .ok }.flatMap(\.effectiveSteps).filter { step in
                step.dockerfileLine.map { $0 == instruction.startLine } ?? (Self.collapsed(step.instruction) == text)
            }
            return CacheMountCost(line: instruction.startLine, instruction: text,
                                  rerunSeconds: steps.filter { !$0.cached }.compactMap(\.seconds),
                                  cachedBuilds: steps.filter(\.cached).count)
        }
    }

    /// Runs of whitespace as one space, so a step as the engine printed it matches the Dockerfile's instruction.
    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }
}
