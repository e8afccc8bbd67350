import BenchAnalysis
import Foundation

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
        guard let best = recommendation.best, let script = CIScript.script(strategy: best.strategy, analysis: analysis) else {
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

    /// The script's command lines, wrapped as a job for `ci`.
    func wrap(_ script: String, strategy: String, ci: CISystem) -> String {
        let lines = script.split(separator: "\n").map(String.init)
        let comments = lines.filter { $0.hasPrefix("#") }
        let exports = lines.filter { $0.hasPrefix("export ") }.map { String($0.dropFirst("export ".count)) }
        let commands = lines.filter { !$0.hasPrefix("#") && !$0.hasPrefix("export ") }
        switch ci {
        case .bash:
            return (["#!/usr/bin/env bash", "set -euo pipefail", ": \"${IMAGE:?set IMAGE to your repository}\""] + lines)
                .joined(separator: "\n")
        case .github:
            var out = ["# GitHub Actions step (cachebench strategy \(strategy)); log in to your registry in an earlier step.",
                       "- name: Build and push with the \(strategy) cache strategy",
                       "  env:",
                       "    IMAGE: ghcr.io/${{ github.repository }}"]
            for export in exports {
                let pair = export.split(separator: "=", maxSplits: 1)
                out.append("    \(pair[0]): \"\(pair.count > 1 ? String(pair[1]) : "")\"")
            }
            out.append("  run: |")
            out += commands.map { "    \($0)" }
            return (comments.filter { $0.contains("name each one") || $0.contains("FROM <image>") } + out).joined(separator: "\n")
        case .gitlab:
            var out = ["# GitLab CI job (cachebench strategy \(strategy)), for a runner with Docker.",
                       "build-image:",
                       "  variables:",
                       "    IMAGE: $CI_REGISTRY_IMAGE"]
            for export in exports {
                let pair = export.split(separator: "=", maxSplits: 1)
                out.append("    \(pair[0]): \"\(pair.count > 1 ? String(pair[1]) : "")\"")
            }
            out.append("  before_script:")
            out.append("    - docker login -u \"$CI_REGISTRY_USER\" -p \"$CI_REGISTRY_PASSWORD\" \"$CI_REGISTRY\"")
            out.append("  script:")
            out += commands.map { "    - '\($0.replacingOccurrences(of: "'", with: "''"))'" }
            return (comments.filter { $0.contains("name each one") || $0.contains("FROM <image>") } + out).joined(separator: "\n")
        }
    }
}
