import BenchAnalysis
import BuildEngine
import Foundation
import Yams

/// `cachebench recommend`: the ranking, and the winner's script as run, wrapped for a CI system.
package struct RecommendationReport: Renderer {
    package var format: OutputFormat
    package var ci: CISystem

    /// The text format.
    package init(ci: CISystem = .bash) {
        format = .text
        self.ci = ci
    }

    /// nil for a format not in `Recommendation.formats`.
    package init?(format: OutputFormat, ci: CISystem = .bash) {
        guard Recommendation.formats.contains(format) else { return nil }
        self.format = format
        self.ci = ci
    }

    package func render(_ recommendation: Recommendation) -> String {
        switch format {
        case .md: return markdown(recommendation)
        case .json: return json(recommendation)
        case .text, .html, .csv: return text(recommendation)  // html and csv never get here: see `init?(format:ci:)`
        }
    }

    func text(_ recommendation: Recommendation) -> String {
        let analysis = recommendation.analysis
        var out = ranking(recommendation, analysis: analysis)
        guard let best = recommendation.best else {
            out.append("")
            out.append(Self.nothing(recommendation))
            return out.joined(separator: "\n") + "\n"
        }
        out.append("")
        out += verdict(recommendation, best: best)
        out.append("")
        if let script = CIScript.shellScript(strategy: best.strategy, analysis: analysis) {
            out.append(wrap(script, strategy: best.strategy, ci: ci))
        } else {
            out.append(Self.noScript(best.strategy))
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func nothing(_ recommendation: Recommendation) -> String {
        recommendation.ranking.isEmpty ? "no strategy succeeded in every weighted scenario: nothing to recommend."
            : "every ranked strategy had failed builds: nothing to recommend (--allow-failures would recommend the fastest)."
    }

    static func noScript(_ strategy: String) -> String {
        "no stored commands for \(strategy) in this run: cannot write its CI job."
    }

    /// The ranking as a Markdown table, the verdict, and the winner's job in a fenced block.
    func markdown(_ recommendation: Recommendation) -> String {
        let analysis = recommendation.analysis
        let scenarios = recommendation.weights.keys.sorted()
        var out = ["# cachebench recommend", "", Markdown.text(header(recommendation, analysis: analysis)), "",
                   "| rank | strategy | expected | failed | vs best (paired) | " + scenarios.map(Markdown.text).joined(separator: " | ") + " |",
                   "| ---: | --- | ---: | ---: | ---: |" + String(repeating: " ---: |", count: scenarios.count)]
        for (i, ranked) in recommendation.ranking.enumerated() {
            out.append("| \(i + 1) | \(Markdown.code(ranked.strategy)) | \(Self.expected(ranked)) | \(Self.failures(ranked)) | "
                       + "\(Self.versus(ranked)) | " + scenarios.map { ranked.seconds[$0].map(Format.seconds) ?? "-" }.joined(separator: " | ") + " |")
        }
        out.append("")
        for excluded in recommendation.excluded {
            out.append("- not ranked: \(Markdown.code(excluded.strategy)): \(Markdown.text(excluded.reason))")
        }
        guard let best = recommendation.best else {
            out += ["", Markdown.text(Self.nothing(recommendation))]
            return out.joined(separator: "\n") + "\n"
        }
        if !recommendation.excluded.isEmpty { out.append("") }
        out += verdict(recommendation, best: best).map { "- " + Markdown.text($0) }
        out.append("")
        if let script = CIScript.shellScript(strategy: best.strategy, analysis: analysis) {
            out += Markdown.block(wrap(script, strategy: best.strategy, ci: ci), info: ci == .bash ? "sh" : "yaml")
        } else {
            out.append(Markdown.text(Self.noScript(best.strategy)))
        }
        return out.joined(separator: "\n") + "\n"
    }

    struct Document: Encodable {
        struct Ranked: Encodable {
            var rank: Int
            var strategy: String
            var expectedSeconds: Double
            var confidence95: Double?
            var failedBuilds: Int
            var builds: Int
            var differenceFromBestSeconds: Double?
            var p: Double?
            var scenarioSeconds: [String: Double]
        }
        struct Excluded: Encodable {
            var strategy: String
            var reason: String
        }
        var run: Int64
        var weights: [String: Double]
        var allowFailures: Bool
        var ranking: [Ranked]
        var excluded: [Excluded]
        var recommended: String?
        var ci: String
        /// The recommended strategy's job for `ci`, as the text format prints it; nil when nothing is recommended or
        /// the run stored no commands for it.
        var job: String?
    }

    func json(_ recommendation: Recommendation) -> String {
        let best = recommendation.best
        let job = best.flatMap { best in
            CIScript.shellScript(strategy: best.strategy, analysis: recommendation.analysis).map {
                wrap($0, strategy: best.strategy, ci: ci)
            }
        }
        let ranking = recommendation.ranking.enumerated().map { i, ranked in
            Document.Ranked(rank: i + 1, strategy: ranked.strategy, expectedSeconds: ranked.expectedSeconds,
                            confidence95: ranked.confidence95, failedBuilds: ranked.failedBuilds, builds: ranked.builds,
                            differenceFromBestSeconds: ranked.differenceFromBest, p: ranked.versusBest?.p,
                            scenarioSeconds: ranked.seconds)
        }
        return JSONText.encode(Document(
            run: recommendation.analysis.run.id ?? 0, weights: recommendation.weights, allowFailures: recommendation.allowFailures,
            ranking: ranking, excluded: recommendation.excluded.map { Document.Excluded(strategy: $0.strategy, reason: $0.reason) },
            recommended: best?.strategy, ci: ci.rawValue, job: job))
    }

    /// What the expected seconds are, and the weights.
    func header(_ recommendation: Recommendation, analysis: RunAnalysis) -> String {
        let scenarios = recommendation.weights.keys.sorted()
        let weights = scenarios.map { "\($0)=\(String(format: "%g", recommendation.weights[$0]!))" }
        return "run \(analysis.run.id ?? 0): expected wall seconds per CI run (mean of the iterations' weighted totals "
            + "± 95% CI), scenarios weighted \(weights.joined(separator: ", "))"
    }

    /// The header, the table and the strategies left out.
    func ranking(_ recommendation: Recommendation, analysis: RunAnalysis) -> [String] {
        let scenarios = recommendation.weights.keys.sorted()
        var out = [header(recommendation, analysis: analysis), ""]
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
