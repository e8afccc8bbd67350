import BuildEngine
import Foundation
import ResultStore

/// A caching strategy: data, not code. The report prints its script exactly as run.
package struct Strategy: Sendable, Codable, Equatable {
    package var id: String
    package var summary: String
    package var builder: Builder
    package var script: [ScriptLine]

    package var isPerStage: Bool { script.contains { $0.scope != .once } }

    package init(id: String, summary: String, builder: Builder, script: [ScriptLine]) {
        self.id = id; self.summary = summary; self.builder = builder; self.script = script
    }

    static let build = ["build", "-t", "{image}:{tag}", "-f", "{dockerfile}"]

    /// The built-in strategies of DESIGN.md, in report order.
    package static let builtIn: [Strategy] = seed + [
        Strategy(id: "inline", summary: "BuildKit inline cache on :latest only", builder: .buildkit, script: [
            ScriptLine(.build, .once, ["build", "--progress=plain", "--build-arg", "BUILDKIT_INLINE_CACHE=1",
                                       "--cache-from", "{image}:latest", "-t", "{image}:latest",
                                       "-f", "{dockerfile}", "{target}", "{context}"]),
            ScriptLine(.push, .once, ["push", "{image}:latest"]),
        ]),
        Strategy(id: "inline-per-stage", summary: "BuildKit inline cache, one tag per stage", builder: .buildkit, script: [
            ScriptLine(.build, .eachStage, ["build", "--progress=plain", "--build-arg", "BUILDKIT_INLINE_CACHE=1",
                                            "{target}", "{cache-from-all}", "-t", "{image}:{tag}",
                                            "-f", "{dockerfile}", "{context}"]),
            ScriptLine(.build, .once, ["build", "--progress=plain", "--build-arg", "BUILDKIT_INLINE_CACHE=1",
                                       "{target}", "{cache-from-all}", "-t", "{image}:latest",
                                       "-f", "{dockerfile}", "{context}"]),
            ScriptLine(.push, .eachTag, ["push", "{image}:{tag}"]),
        ]),
        Strategy(id: "buildah-layers", summary: "buildah --layers, --cache-from/--cache-to a cache repository",
                 builder: .buildah, script: [
            ScriptLine(.build, .once, ["build", "--layers", "--cache-from", "{image}-cache", "--cache-to", "{image}-cache",
                                       "-t", "{image}:latest", "-f", "{dockerfile}", "{target}", "{context}"]),
            ScriptLine(.push, .once, ["push", "{image}:latest"]),
        ]),
        registry(mode: "max"),
        registry(mode: "min"),
        Strategy(id: "inline-buildx", summary: "buildx, --cache-to type=inline on :latest, --push", builder: .buildx, script: [
            ScriptLine(.build, .once, ["buildx", "build", "--progress=plain", "--cache-to", "type=inline",
                                       "--cache-from", "{image}:latest", "-t", "{image}:latest", "--push",
                                       "-f", "{dockerfile}", "{target}", "{context}"]),
        ]),
        Strategy(id: "local", summary: "buildx, --cache-to type=local,mode=max in a directory the CI cache carries",
                 builder: .buildx, script: [
            ScriptLine(.restore, .once, ["{cache-dir}"]),
            ScriptLine(.build, .once, ["buildx", "build", "--progress=plain", "--cache-from", "type=local,src={cache-dir}",
                                       "--cache-to", "type=local,dest={cache-dir},mode=max",
                                       "-t", "{image}:latest", "--push", "-f", "{dockerfile}", "{target}", "{context}"]),
            ScriptLine(.save, .once, ["{cache-dir}"]),
        ]),
    ] + ["naive", "single-tag", "per-stage"].map { legacyVariant(of: $0) }

    /// The seed's scripts: the classic builder's control arm and the three widely copied CI scripts.
    static let seed: [Strategy] = [
        Strategy(id: "none", summary: "control arm: --no-cache, no pulls", builder: .legacy, script: [
            ScriptLine(.build, .once, ["build", "--no-cache", "-t", "{image}:latest", "-f", "{dockerfile}", "{target}", "{context}"]),
            ScriptLine(.push, .once, ["push", "{image}:latest"]),
        ]),
        Strategy(id: "naive", summary: "pull :latest, build, push (the widely copied CI script)", builder: .legacy, script: [
            ScriptLine(.pull, .once, ["pull", "{image}:latest"], allowFailure: true),
            ScriptLine(.build, .once, ["build", "-t", "{image}:latest", "-f", "{dockerfile}", "{target}", "{context}"]),
            ScriptLine(.push, .once, ["push", "{image}:latest"]),
        ]),
        Strategy(id: "single-tag", summary: "naive plus --cache-from :latest", builder: .legacy, script: [
            ScriptLine(.pull, .once, ["pull", "{image}:latest"], allowFailure: true),
            ScriptLine(.build, .once, ["build", "--cache-from", "{image}:latest", "-t", "{image}:latest",
                                       "-f", "{dockerfile}", "{target}", "{context}"]),
            ScriptLine(.push, .once, ["push", "{image}:latest"]),
        ]),
        Strategy(id: "per-stage", summary: "tag, push and pull every stage; --cache-from all of them (legacy builder)",
                 builder: .legacy, script: [
            ScriptLine(.pull, .eachTag, ["pull", "{image}:{tag}"], allowFailure: true),
            ScriptLine(.build, .eachStage, ["build", "{target}", "{cache-from-all}", "-t", "{image}:{tag}",
                                            "-f", "{dockerfile}", "{context}"]),
            ScriptLine(.build, .once, ["build", "{target}", "{cache-from-all}", "-t", "{image}:latest",
                                       "-f", "{dockerfile}", "{context}"]),
            ScriptLine(.push, .eachTag, ["push", "{image}:{tag}"]),
        ]),
    ]

    /// `registry-max` / `registry-min`: BuildKit's registry cache exporter in `{image}:buildcache`.
    static func registry(mode: String) -> Strategy {
        Strategy(id: "registry-\(mode)", summary: "buildx, --cache-to type=registry,mode=\(mode), --push", builder: .buildx, script: [
            ScriptLine(.build, .once, ["buildx", "build", "--progress=plain", "--cache-from", "type=registry,ref={image}:buildcache",
                                       "--cache-to", "type=registry,ref={image}:buildcache,mode=\(mode)",
                                       "-t", "{image}:latest", "--push", "-f", "{dockerfile}", "{target}", "{context}"]),
        ])
    }

    /// `naive-legacy` and so on: the seed's script pinned to the classic builder, for engines where BuildKit is the default.
    static func legacyVariant(of id: String) -> Strategy {
        var strategy = seed.first { $0.id == id }!
        strategy.id = "\(id)-legacy"
        strategy.summary += " (legacy builder, DOCKER_BUILDKIT=0)"
        return strategy
    }

    package static func named(_ id: String) -> Strategy? { builtIn.first { $0.id == id } }

    /// The strategy as it runs on an engine whose `docker build` uses BuildKit by default (Docker 23+): the seed's
    /// classic-builder scripts run through BuildKit as a user would paste them; `*-legacy` keeps the classic builder.
    package func resolved(buildKitIsDefault: Bool) -> Strategy {
        guard buildKitIsDefault, builder == .legacy, !id.hasSuffix("-legacy") else { return self }
        var strategy = self
        strategy.builder = .buildkit
        return strategy
    }

    static let defaultIDs = ["naive", "per-stage", "inline"]
}

extension Strategy {
    /// Expands the script for `context`: loops unrolled, placeholders filled, `buildArgs` (`--build-arg` pairs) right
    /// after each build line's `build` word, where the template says the subcommand ends.
    package func render(_ context: ScriptContext, buildArgs: [String] = []) -> [RenderedLine] {
        var lines: [RenderedLine] = []
        for line in script {
            let extra = line.kind == .build ? buildArgs : []
            switch line.scope {
            case .once:
                lines.append(RenderedLine(kind: line.kind, arguments: expand(line.arguments, context, tag: "latest", stage: nil, buildArgs: extra),
                                          allowFailure: line.allowFailure))
            case .eachStage:
                for stage in context.stages {
                    lines.append(RenderedLine(kind: line.kind,
                                              arguments: expand(line.arguments, context, tag: ScriptContext.tag(forStage: stage), stage: stage,
                                                                buildArgs: extra),
                                              allowFailure: line.allowFailure))
                }
            case .eachTag:
                for (index, tag) in context.allTags.enumerated() {
                    let stage = index < context.stages.count ? context.stages[index] : nil
                    lines.append(RenderedLine(kind: line.kind, arguments: expand(line.arguments, context, tag: tag, stage: stage, buildArgs: extra),
                                              allowFailure: line.allowFailure))
                }
            }
        }
        return lines
    }

    private func expand(_ arguments: [String], _ context: ScriptContext, tag: String, stage: String?, buildArgs: [String]) -> [String] {
        var out: [String] = []
        var buildArgsPending = !buildArgs.isEmpty
        for argument in arguments {
            switch argument {
            case "{cache-from-all}":
                for tag in context.allTags { out += ["--cache-from", "\(context.image):\(tag)"] }
            case "{target}":
                if let stage { out += ["--target", stage] }
                else if let target = context.finalTarget { out += ["--target", target] }
            default:
                out.append(argument
                    .replacingOccurrences(of: "{image}", with: context.image)
                    .replacingOccurrences(of: "{tag}", with: tag)
                    .replacingOccurrences(of: "{stage}", with: stage ?? "")
                    .replacingOccurrences(of: "{context}", with: context.context)
                    .replacingOccurrences(of: "{dockerfile}", with: context.dockerfile)
                    .replacingOccurrences(of: "{cache-dir}", with: context.cacheDirectory))
                if buildArgsPending, argument == "build" {
                    out += buildArgs
                    buildArgsPending = false
                }
            }
        }
        return out
    }
}
