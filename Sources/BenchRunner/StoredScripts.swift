import BenchAnalysis
import BuildEngine
import Foundation
import ResultStore

/// The stored script of every build, as reports read it. A run stores each build's script (`BuildRecord.script`);
/// builds stored before runs kept it get theirs re-rendered here, by `ScriptRenderer`, from the strategy's data and
/// the run's recorded options, as the run would have rendered it.
package enum StoredScripts {
    /// The builds of `run`, each with its script: a stored one that does not decode is an error naming its row.
    package static func builds(of run: RunRecord, in store: ResultStore) throws -> [BuildDetail] {
        try filled(try store.builds(runId: run.id!), run: run)
    }

    /// `builds` with every missing script re-rendered (built-in strategies only; a build that ran no command needs none).
    package static func filled(_ builds: [BuildDetail], run: RunRecord) throws -> [BuildDetail] {
        let options = run.options
        let severalEngines = Set(builds.compactMap(\.build.engine)).count > 1
        return try builds.map { detail in
            var detail = detail
            if let json = detail.build.script {
                _ = try BuildScript.decode(json, row: detail.build.id)
            } else if !detail.phases.isEmpty, let strategy = Strategy.named(detail.build.strategy) {
                let label = severalEngines ? detail.build.strategy + RunAnalysis.engineSeparator + (detail.build.engine ?? "") : detail.build.strategy
                detail.build.script = renderer(strategy, detail, options: options)
                    .buildScript(label: label, runId: run.id ?? 0, dockerfile: options["dockerfile"] ?? "Dockerfile").json
            }
            return detail
        }
    }

    /// The renderer the run used: the strategy resolved for the build's engine, the stages and target the run recorded.
    static func renderer(_ strategy: Strategy, _ detail: BuildDetail, options: [String: String]) -> ScriptRenderer {
        var strategy = strategy
        if let recorded = detail.build.builder {
            strategy.builder = recorded
        } else {
            // Before builds recorded their builder: docker-26.1 runs `docker build` through BuildKit; a `path:`
            // engine's default is unknown, taken as the classic builder.
            strategy = strategy.resolved(buildKitIsDefault: detail.build.engine.flatMap { try? EngineSpec(parsing: $0) } == .docker261)
        }
        let stages = (options["cacheStages"] ?? "").split(separator: ",").map(String.init)
        return ScriptRenderer(strategy: strategy, cacheStages: stages, finalTarget: options["target"],
                              buildArgs: buildArgs(detail, strategy: strategy))
    }

    /// The project's build args, which older runs recorded nowhere but in the build command: the `--build-arg` pairs
    /// the runner put right after `build`, before the template's own (a masked value is a secret).
    static func buildArgs(_ detail: BuildDetail, strategy: Strategy) -> [ScriptRenderer.BuildArg] {
        guard let template = strategy.script.first(where: { $0.kind == .build })?.arguments,
              let phase = detail.phases.first(where: { $0.kind == .build }) else { return [] }
        let own = pairs(after: template)
        let argv = phase.argv
        let found = pairs(after: Array(argv.dropFirst()))
        return found.dropLast(own.count).map { pair in
            let secret = pair.hasSuffix("=" + Redaction.mask)
            let equals = pair.firstIndex(of: "=") ?? pair.endIndex
            return ScriptRenderer.BuildArg(name: String(pair[..<equals]),
                                           value: equals < pair.endIndex ? String(pair[pair.index(after: equals)...]) : "", secret: secret)
        }
    }

    /// The values of the consecutive `--build-arg` flags right after the first `build` word.
    static func pairs(after arguments: [String]) -> [String] {
        guard var index = arguments.firstIndex(of: "build").map({ $0 + 1 }) else { return [] }
        var values: [String] = []
        while index + 1 < arguments.count, arguments[index] == "--build-arg" {
            values.append(arguments[index + 1])
            index += 2
        }
        return values
    }

}
