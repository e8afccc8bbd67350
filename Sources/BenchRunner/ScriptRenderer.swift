import BuildEngine
import Foundation
import ResultStore

/// The one place a strategy's script is rendered, from its data. The commands a build runs and the script a user
/// pastes come out of the same expansion (`Strategy.render`) and differ only in the facts filled in: the sandbox's
/// repository, context copy and paths for the run; `$IMAGE`, `.`, the project's Dockerfile path and secrets by name
/// for the user. The run stores the user's form (`BuildScript`); reports print it, and wrap the same bash text as a
/// GitHub Actions step or a GitLab CI job.
package struct ScriptRenderer: Sendable, Equatable {
    /// A `--build-arg` of the project.
    package struct BuildArg: Sendable, Equatable {
        var name: String
        var value: String
        /// Masked in what is stored; the pasted script passes `--build-arg NAME` and docker reads the environment.
        var secret: Bool

        package init(name: String, value: String, secret: Bool = false) { self.name = name; self.value = value; self.secret = secret }
    }

    /// The strategy as it runs on its engine (`Strategy.resolved`).
    package var strategy: Strategy
    /// The stages a per-stage strategy tags, pushes and pulls (`Project.cacheStages`); other strategies ignore them.
    package var cacheStages: [String]
    /// `--target` of the final build, when the config names one.
    package var finalTarget: String?
    /// In name order, as they are passed.
    package var buildArgs: [BuildArg]

    /// Where a pasted `local` script keeps its `type=local` cache, relative to the checkout.
    package static let userCacheDirectory = ".buildx-cache"

    package init(strategy: Strategy, cacheStages: [String], finalTarget: String?, buildArgs: [BuildArg] = []) {
        self.strategy = strategy; self.cacheStages = cacheStages; self.finalTarget = finalTarget
        self.buildArgs = buildArgs.sorted { $0.name < $1.name }
    }

    /// `strategy` (already resolved for its engine) against `project`'s stages, target and build args.
    package init(strategy: Strategy, project: Project) {
        self.init(strategy: strategy, cacheStages: project.cacheStages, finalTarget: project.target,
                  buildArgs: project.buildArgs.map { BuildArg(name: $0.key, value: $0.value, secret: project.secretBuildArgs.contains($0.key)) })
    }

    /// The commands a build runs, one per phase: arguments after the client, secrets' real values included.
    package func commands(image: String, context: String, dockerfile: String, cacheDirectory: String) -> [RenderedLine] {
        strategy.render(scriptContext(image: image, context: context, dockerfile: dockerfile, cacheDirectory: cacheDirectory),
                        buildArgs: buildArgs.flatMap { ["--build-arg", "\($0.name)=\($0.value)"] })
    }

    /// The same commands as a user types them, one per phase: the program, then each word, the repository as `$IMAGE`.
    /// `dockerfile` is the project's Dockerfile path relative to the context, `.`.
    func userLines(dockerfile: String) -> [(kind: PhaseKind, line: ShellScript.Line)] {
        let context = scriptContext(image: Self.sentinel, context: ".", dockerfile: dockerfile, cacheDirectory: Self.userCacheDirectory)
        let buildArgs = buildArgs.flatMap { ["--build-arg", $0.secret ? $0.name : "\($0.name)=\($0.value)"] }
        return strategy.render(context, buildArgs: buildArgs).map { rendered in
            let words = rendered.kind == .restore || rendered.kind == .save
                ? ([rendered.kind.rawValue] + rendered.arguments).map { ShellWord($0) }
                : [ShellWord(strategy.builder.program)] + rendered.arguments.map { ShellWord($0, variable: "IMAGE", at: Self.sentinel) }
            return (rendered.kind, ShellScript.Line(words, allowFailure: rendered.allowFailure))
        }
    }

    /// What a run stores for a build: the script a user pastes (the CI system restores and saves its own cache, so those
    /// lines are left out) and every phase's command as shown in the reports. `label` names the strategy as reports do
    /// (`naive`, or `naive@docker-26.1` in a run on several engines).
    package func buildScript(label: String, runId: Int64, dockerfile: String) -> BuildScript {
        let all = userLines(dockerfile: dockerfile)
        let lines = all.filter { $0.kind != .restore && $0.kind != .save }.map(\.line)
        var comments = ["strategy \(label), as cachebench ran it (run \(runId))",
                        "IMAGE is your repository, e.g. registry.example.com/team/app"]
        if strategy.script.contains(where: { $0.kind == .restore }) {
            comments.append("Before: restore \(Self.userCacheDirectory) from your CI cache (actions/cache, GitLab cache:); after: save it")
        }
        if lines.contains(where: { $0.words.contains { $0.value([:]).hasPrefix(Project.unnamedStagePrefix) } }) {
            comments.append("Builders cannot --target an unnamed stage: name each one in your Dockerfile as cachebench did,")
            comments.append("`FROM <image> AS \(Project.unnamedStagePrefix)N` (N = the stage's index), or use names of your own here.")
        }
        let secrets = buildArgs.filter(\.secret).map(\.name)
        if !secrets.isEmpty {
            comments.append("Secret build args come from the environment (docker reads `--build-arg NAME` from it): "
                            + secrets.joined(separator: ", ") + ".")
        }
        let requirements = [ShellScript.Requirement(name: "IMAGE", hint: "set IMAGE to your repository", lowercase: true)]
            + secrets.map { ShellScript.Requirement(name: $0, hint: "set \($0), a secret build arg", export: true) }
        let script = ShellScript(comments: comments, requirements: requirements, exports: exports, lines: lines)
        return BuildScript(script: script, phaseCommands: all.map { $0.line.words.map(\.rendered).joined(separator: " ") })
    }

    /// The environment the docker client runs with, as the script exports it; buildah reads none.
    var exports: [(name: String, value: String)] {
        switch strategy.builder {
        case .legacy: return [("DOCKER_BUILDKIT", "0")]
        case .buildkit, .buildx: return [("DOCKER_BUILDKIT", "1")]
        case .buildah: return []
        }
    }

    /// `DOCKER_BUILDKIT` as the build's client gets it (nil: buildah, which has no such switch).
    package var dockerBuildKit: String? { exports.first?.value }

    func scriptContext(image: String, context: String, dockerfile: String, cacheDirectory: String) -> ScriptContext {
        ScriptContext(image: image, stages: strategy.isPerStage ? cacheStages : [], finalTarget: finalTarget, context: context,
                      dockerfile: dockerfile, cacheDirectory: cacheDirectory)
    }

    /// Stands for the repository while rendering the user's form: no path or name contains it, so only it becomes `$IMAGE`.
    static let sentinel = "\u{0}IMAGE\u{0}"
}
