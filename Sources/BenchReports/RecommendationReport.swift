import BenchAnalysis
import BuildEngine
import Foundation
import Yams

/// CI systems `cachebench recommend --ci` writes a ready-to-paste job for.
public enum CISystem: String, Sendable, CaseIterable {
    /// A GitHub Actions step.
    case github
    /// A GitLab CI job.
    case gitlab
    /// A plain shell script.
    case bash
}

/// `cachebench recommend`: the ranking, and the winner's script as run, wrapped for a CI system.
public struct RecommendationReport: Sendable {
    public init() {}

    public func render(_ recommendation: Recommendation, analysis: RunAnalysis, ci: CISystem) -> String {
        var out: [String] = []
        let weights = recommendation.weights.keys.sorted().map { "\($0)=\(String(format: "%g", recommendation.weights[$0]!))" }
        out.append("run \(analysis.run.id ?? 0): expected wall seconds per CI run, scenarios weighted \(weights.joined(separator: ", "))")
        out.append("")
        var rows = [["rank", "strategy", "expected"] + recommendation.weights.keys.sorted()]
        for (i, ranked) in recommendation.ranking.enumerated() {
            rows.append([String(i + 1), ranked.strategy, Format.seconds(ranked.expectedSeconds)]
                        + recommendation.weights.keys.sorted().map { ranked.seconds[$0].map(Format.seconds) ?? "-" })
        }
        out.append(Format.table(rows))
        for excluded in recommendation.excluded { out.append("not ranked: \(excluded.strategy): \(excluded.reason)") }
        guard let best = recommendation.best, let script = CIScript.shellScript(strategy: best.strategy, analysis: analysis) else {
            out.append("")
            out.append("no strategy succeeded in every weighted scenario: nothing to recommend.")
            return out.joined(separator: "\n") + "\n"
        }
        out.append("")
        var verdict = "recommended: \(best.strategy), \(Format.seconds(best.expectedSeconds)) per CI run"
        if let naive = recommendation.ranking.first(where: { $0.strategy == "naive" }), naive.strategy != best.strategy {
            verdict += String(format: ", %.0f%% less than naive (%@)", (1 - best.expectedSeconds / naive.expectedSeconds) * 100,
                              Format.seconds(naive.expectedSeconds))
        }
        out.append(verdict)
        let ties = recommendation.indistinguishableFromBest
        if !ties.isEmpty {
            out.append("note: \(ties.map(\.strategy).joined(separator: ", ")) are within this run's noise of \(best.strategy) "
                       + "(overlapping 95% intervals): run more --iterations to separate them.")
        } else if best.confidence95 == nil {
            out.append("note: one iteration gives no error bars: run with --iterations 3 or more before deciding.")
        }
        out.append("")
        out.append(wrap(script, strategy: best.strategy, ci: ci))
        return out.joined(separator: "\n") + "\n"
    }

    /// The script wrapped as a job for `ci`. The YAML is emitted by Yams from a node tree, so a stored value stays
    /// inside the script's one block scalar: it can never become a key or a line of its own. The job runs the script
    /// text unchanged (`run:` / the single `script:` entry equals `script.bash`).
    func wrap(_ script: ShellScript, strategy: String, ci: CISystem) -> String {
        switch ci {
        case .bash:
            return script.bash
        case .github:
            var env: [(String, Node)] = [("IMAGE", Node("ghcr.io/${{ github.repository }}"))]
            for requirement in script.requirements where requirement.export {
                env.append((requirement.name, Node("${{ secrets.\(requirement.name) }}")))
            }
            let step = Self.mapping([
                ("name", Node("Build and push with the \(strategy) cache strategy")),
                ("shell", Node("bash")),
                ("env", Self.mapping(env)),
                ("run", Node(script.bash, Tag(.str), .literal)),
            ])
            return Self.header(["GitHub Actions step (cachebench strategy \(strategy)); log in to your registry in an earlier step.",
                                "The script lowercases IMAGE: registries refuse capitals, which GitHub's owner/repo may have."])
                + Self.emit(Node([step]))
        case .gitlab:
            let login = "printf '%s' \"$CI_REGISTRY_PASSWORD\" | docker login -u \"$CI_REGISTRY_USER\" --password-stdin \"$CI_REGISTRY\""
            let job = Self.mapping([
                ("variables", Self.mapping([("IMAGE", Node("$CI_REGISTRY_IMAGE"))])),
                ("before_script", Node([Node(login)])),
                ("script", Node([Node(script.bash, Tag(.str), .literal)])),
            ])
            let secrets = script.requirements.filter(\.export).map(\.name)
            return Self.header(["GitLab CI job (cachebench strategy \(strategy)), for a runner with Docker."]
                               + (secrets.isEmpty ? [] : ["Secret build args, to define as masked CI/CD variables: \(secrets.joined(separator: ", "))."]))
                + Self.emit(Self.mapping([("build-image", job)]))
        }
    }

    static func mapping(_ pairs: [(String, Node)]) -> Node {
        Node(pairs.map { (Node($0.0), $0.1) })
    }

    static func header(_ comments: [String]) -> String {
        comments.map { Shell.comment($0) + "\n" }.joined()
    }

    static func emit(_ node: Node) -> String {
        // Serializing a node tree built here cannot fail; the fallback keeps the signature total.
        (try? Yams.serialize(node: node, width: -1, allowUnicode: true)) ?? ""
    }
}
