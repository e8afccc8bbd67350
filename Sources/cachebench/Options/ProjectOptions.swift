import ArgumentParser
import BenchRunner

/// The project and what to build of it, shared by `run` and `predict`.
struct ProjectOptions: ParsableArguments {
    @Argument(help: "Project directory with a Dockerfile (and optionally cachebench.yml).")
    var directory: String = "."

    @Option(help: "Config file (default: DIR/cachebench.yml when present).")
    var config: String?

    @Option(help: "Comma-separated strategies: none, naive, single-tag, per-stage, inline, inline-per-stage, buildah-layers, registry-max, registry-min, inline-buildx, local, naive-legacy, single-tag-legacy, per-stage-legacy (default for run: cachebench.yml's, else naive,per-stage,inline; for predict: every strategy).")
    var strategies: String?

    @Option(help: "Comma-separated scenarios, in chain order: cold, no-change, source-change, dependency-change, base-change (default: cachebench.yml's, else cold,no-change,source-change).")
    var scenarios: String?

    @Option(help: "File that source-change edits, relative to the context (default: inferred from the Dockerfile).")
    var sourceFile: String?

    @Option(help: "File that dependency-change edits, relative to the context (default: inferred).")
    var dependencyFile: String?

    var strategyList: [String]? { Self.list(strategies) }
    var scenarioList: [String]? { Self.list(scenarios) }

    static func list(_ value: String?) -> [String]? {
        value.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }
}
