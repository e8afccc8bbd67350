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
        var out = ranking(recommendation, analysis: analysis)
        guard let best = recommendation.best else {
            out.append("")
            out.append(recommendation.ranking.isEmpty ? "no strategy succeeded in every weighted scenario: nothing to recommend."
                       : "every ranked strategy had failed builds: nothing to recommend (--allow-failures would recommend the fastest).")
            return out.joined(separator: "\n") + "\n"
        }
        out.append("")
        out += verdict(recommendation, best: best)
        out.append("")
        if let script = CIScript.shellScript(strategy: best.strategy, analysis: analysis) {
            out.append(wrap(script, strategy: best.strategy, ci: ci))
        } else {
            out.append("no stored commands for \(best.strategy) in this run: cannot write its CI job.")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The header, the table and the strategies left out.
    func ranking(_ recommendation: Recommendation, analysis: RunAnalysis) -> [String] {
        let scenarios = recommendation.weights.keys.sorted()
        let weights = scenarios.map { "\($0)=\(String(format: "%g", recommendation.weights[$0]!))" }
        var out = ["run \(analysis.run.id ?? 0): expected wall seconds per CI run (mean of the iterations' weighted totals "
                   + "± 95% CI), scenarios weighted \(weights.joined(separator: ", "))", ""]
        var rows = [["rank", "strategy", "expected", "failed", "vs best (paired)"] + scenarios]
        for (i, ranked) in recommendation.ranking.enumerated() {
            rows.append([String(i + 1), ranked.strategy, Self.expected(ranked), Self.failures(ranked), Self.versus(ranked)]
                        + scenarios.map { ranked.seconds[$0].map(Format.seconds) ?? "-" })
        }
        out.append(Format.table(rows))
        for excluded in recommendation.excluded { out.append("not ranked: \(excluded.strategy): \(excluded.reason)") }
        return out
    }

    static func expected(_ ranked: Recommendation.Ranked) -> String {
        Format.seconds(ranked.expectedSeconds) + (ranked.confidence95.map { String(format: " ± %.1f", $0) } ?? "")
    }

    static func failures(_ ranked: Recommendation.Ranked) -> String {
        ranked.failedBuilds == 0 ? "0 of \(ranked.builds)"
            : String(format: "%d of %d (%.0f%%)", ranked.failedBuilds, ranked.builds, ranked.failureRate * 100)
    }

    static func versus(_ ranked: Recommendation.Ranked) -> String {
        guard let test = ranked.versusBest, let difference = ranked.differenceFromBest else { return "-" }
        return String(format: "%+.1f s, ", difference) + ComparisonReport.p(test.p)
    }

    /// The recommendation, what it beats and by how much, and what the run cannot tell.
    func verdict(_ recommendation: Recommendation, best: Recommendation.Ranked) -> [String] {
        var out: [String] = []
        var line = "recommended: \(best.strategy), \(Self.expected(best)) per CI run"
        if let naive = recommendation.ranking.first(where: { $0.strategy == "naive" }), naive.strategy != best.strategy {
            line += String(format: ", %.0f%% less than naive (%@)", (1 - best.expectedSeconds / naive.expectedSeconds) * 100,
                           Format.seconds(naive.expectedSeconds))
        }
        out.append(line)
        if best.failedBuilds > 0 {
            out.append("warning: \(best.strategy) failed \(Self.failures(best)) builds; recommended only because of --allow-failures.")
        }
        for flaky in recommendation.ranking where !recommendation.allowFailures && flaky.failedBuilds > 0 {
            out.append("not recommended: \(flaky.strategy) failed \(Self.failures(flaky)) builds "
                       + "(\(Format.seconds(flaky.expectedSeconds)) on its successes); --allow-failures would consider it.")
        }
        let ties = recommendation.indistinguishableFromBest
        let eligible = recommendation.ranking.dropFirst().filter { recommendation.allowFailures || $0.failedBuilds == 0 }
        if let runnerUp = eligible.first, let test = runnerUp.versusBest, test.p < 0.05,
           let difference = runnerUp.differenceFromBest {
            out.append("\(best.strategy) is faster than \(runnerUp.strategy) by \(Format.seconds(difference)) per CI run "
                       + "(paired t-test over \(Int(test.degreesOfFreedom) + 1) iterations, \(ComparisonReport.p(test.p))).")
        }
        if !ties.isEmpty {
            out.append("note: the paired t-test cannot tell \(ties.map(\.strategy).joined(separator: ", ")) from \(best.strategy) (p ≥ 0.05 or fewer than 2 iterations).")
            out.append(powerLine(recommendation.power, best: best))
        }
        return out
    }

    func powerLine(_ power: Recommendation.PowerEstimate?, best: Recommendation.Ranked) -> String {
        guard let power else { return "note: run with --iterations 3 or more to separate them." }
        guard let n = power.iterations else {
            return String(format: "note: %@ and %@ differ by %.1f%%, too little to show in %d iterations: either will do.",
                          best.strategy, power.strategy, power.differencePercent, Recommendation.PowerEstimate.maximumIterations)
        }
        return String(format: "Run %d iterations to show a %.0f%% difference (the one observed between %@ and %@), at 80%% power.",
                      n, power.differencePercent, best.strategy, power.strategy)
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
