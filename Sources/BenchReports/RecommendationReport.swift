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
        if let script = CIScript.script(strategy: best.strategy, analysis: analysis) {
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
