import BenchAnalysis
import Foundation

/// The builder each strategy used, the final image each build produced (and which layers it reused), what the
/// cache backends held along each chain, and what `RUN --mount=type=cache` costs: lines shared by the formats.
/// A figure that was not measured says "not measured", never 0.
enum ProductsReport {
    static let notMeasured = "not measured"
    /// Said once for a run stored before these figures existed, instead of "not measured" in every cell.
    static let olderRun = "this run was stored by a cachebench that did not record it"

    /// `builders: naive legacy builder · inline BuildKit`.
    static func builderLine(_ analysis: RunAnalysis) -> String {
        guard analysis.builders.contains(where: { $0.builder != nil }) else { return "builders: not recorded (\(olderRun))" }
        return "builders: " + analysis.builders.map { "\($0.strategy) \(RunAnalysis.builderName($0.builder))" }.joined(separator: " · ")
    }

    /// One line per strategy · scenario cell: the final image's size and the layers reused, build by build.
    static func imageLines(_ analysis: RunAnalysis) -> [String] {
        let products = analysis.imageProducts
        if analysis.builds.allSatisfy({ $0.images.isEmpty && $0.build.builder == nil }) {
            return ["final image per build: \(notMeasured) (\(olderRun))"]
        }
        var out = ["final image per build (docker history after the build; \"reused\": layers made before the build started, "
                   + "from the cache source or the base image):"]
        for strategy in analysis.strategies {
            for scenario in analysis.scenarios {
                let cell = products.filter { $0.strategy == strategy && $0.scenario == scenario }
                guard !cell.isEmpty else { continue }
                out.append("  \(strategy) · \(scenario): " + cell.map(describe).joined(separator: "; "))
            }
        }
        return out
    }

    static func describe(_ product: ImageProduct) -> String {
        guard let bytes = product.finalImageBytes else { return product.notMeasured ?? notMeasured }
        let reusedBytes = product.reused.compactMap(\.bytes).reduce(0, +)
        let total = product.reused.count + product.built.count
        return "\(Format.megabytes(bytes)), reused \(product.reused.count)/\(total) layers (\(Format.megabytes(reusedBytes)))"
    }

    /// One line per chain: the registry's (and the local cache dir's) bytes after each build.
    static func cacheLines(_ analysis: RunAnalysis) -> [String] {
        if analysis.builds.allSatisfy({ $0.cacheUsage.isEmpty && $0.build.builder == nil }) {
            return ["cache bytes after each build: \(notMeasured) (\(olderRun))"]
        }
        var out = ["cache bytes after each build (registry: the blobs of the chain's repositories; local: the CI cache's copy of the cache dir):"]
        for chain in analysis.cacheGrowth {
            let iteration = analysis.iterations > 1 ? " iteration \(chain.iteration)" : ""
            out.append("  \(chain.strategy)\(iteration) registry: "
                       + chain.points.map { "\($0.scenario) \($0.registryBytes.map(Format.megabytes) ?? notMeasured)" }.joined(separator: " → "))
            if chain.points.contains(where: { $0.localBytes != nil }) {
                out.append("  \(chain.strategy)\(iteration) local: "
                           + chain.points.map { "\($0.scenario) \($0.localBytes.map(Format.megabytes) ?? notMeasured)" }.joined(separator: " → "))
            }
        }
        if analysis.usesLocalCache {
            out.append("  type=local keeps every export and grows without bound; GitHub's cache (type=gha, actions/cache) is capped at 10 GB per repository.")
        }
        return out
    }

    /// What each `RUN --mount=type=cache` step cost with an empty mount; nothing when the Dockerfile has none.
    static func cacheMountLines(_ analysis: RunAnalysis) -> [String] {
        let costs = analysis.cacheMountCosts
        guard !costs.isEmpty else { return [] }
        var out = ["RUN --mount=type=cache starts empty on every fresh runner, and no cache backend exports it:"]
        for cost in costs {
            let instruction = cost.instruction.count > 70 ? String(cost.instruction.prefix(69)) + "…" : cost.instruction
            guard !cost.rerunSeconds.isEmpty else {
                out.append("  line \(cost.line) \(instruction): \(notMeasured) (no build reran it; \(cost.cachedBuilds) served it from the layer cache)")
                continue
            }
            let mean = cost.rerunSeconds.reduce(0, +) / Double(cost.rerunSeconds.count)
            let range = cost.rerunSeconds.count > 1
                ? String(format: ", %.1f to %.1f s", cost.rerunSeconds.min()!, cost.rerunSeconds.max()!) : ""
            out.append("  line \(cost.line) \(instruction): \(Format.seconds(mean)) with an empty cache mount "
                       + "(mean of \(cost.rerunSeconds.count) rerun(s)\(range); \(cost.cachedBuilds) build(s) served it from the layer cache)")
        }
        return out
    }

    /// Every section, for text and HTML.
    static func lines(_ analysis: RunAnalysis) -> [String] {
        [builderLine(analysis), ""] + imageLines(analysis) + [""] + cacheLines(analysis)
            + { $0.isEmpty ? [] : [""] + $0 }(cacheMountLines(analysis))
    }

    /// A build's final image size for CSV and JSON; nil when not measured.
    static func finalImageBytes(_ detail: StoredBuild) -> Int64? {
        guard let final = detail.images.first(where: \.history.isFinal), final.history.exitCode == 0, !final.layers.isEmpty
        else { return nil }
        let sizes = final.layers.compactMap(\.bytes)
        return sizes.count == final.layers.count ? sizes.reduce(0, +) : nil
    }
}
