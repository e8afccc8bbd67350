@testable import BenchAnalysis
@testable import BenchReports
import Foundation
import ResultStore
import Testing

/// compare, history and recommend in each format they accept: each format is its own, and a stored string that
/// holds the format's syntax stays one value.
@Suite struct DocumentFormatTests {
    /// A strategy name that is CSV, HTML and Markdown syntax at once.
    static let hostile = "a,\"b\"<script>|x"

    static func comparison() -> RunComparison {
        let before = VerdictSample.analysis(1, [("naive", "cold", VerdictSample.ok([60, 61])), (hostile, "cold", VerdictSample.ok([10, 11]))])
        let after = VerdictSample.analysis(2, [("naive", "cold", VerdictSample.ok([90, 91])), (hostile, "cold", VerdictSample.ok([10, 11]))])
        return RunComparison(baseline: before, current: after, thresholdPercent: 10)
    }

    @Test func everyFormatOfCompareIsItsOwn() {
        let c = Self.comparison()
        let outputs = OutputFormat.allCases.map { ComparisonReport(format: $0).render(c) }
        #expect(Set(outputs).count == OutputFormat.allCases.count, "no format prints another's output")
    }

    /// naive 60.5 s → 90.5 s: +49.6%, Welch's t-test on two builds a side, a regression.
    @Test func compareCSVHasOneRowPerCellWithTheHostileNameQuoted() {
        let csv = ComparisonReport(format: .csv).render(Self.comparison())
        let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("baseline_run,current_run,strategy,scenario,"))
        #expect(lines[1].hasPrefix("1,2,naive,cold,2,0,2,0,60.500,"))
        #expect(lines[1].contains(",49.587,welch,"))
        #expect(lines[1].contains(",regression,"))
        #expect(lines[2].hasPrefix("1,2,\"a,\"\"b\"\"<script>|x\",cold,"))
    }

    @Test func compareHTMLEscapesAndFlagsTheRegression() {
        let html = ComparisonReport(format: .html).render(Self.comparison())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("a,&quot;b&quot;&lt;script&gt;|x"))
        #expect(html.contains("<span class=\"missed\">regression</span>"))
        #expect(html.contains("<b>1 regression(s): naive · cold +49.6%.</b>"))
    }

    static func history() -> RunHistory {
        RunHistory(runs: [VerdictSample.analysis(1, [("naive", "cold", VerdictSample.ok([60, 62]))]),
                          VerdictSample.analysis(2, [(hostile, "cold", VerdictSample.ok([10]))])])
    }

    @Test func historyCSVHasOneRowPerRunAndCell() {
        let lines = HistoryReport(format: .csv).render(Self.history()).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines == [
            "run,started_at,run_status,strategy,scenario,builds,failed,mean_seconds,confidence95,cached_steps,total_steps",
            // mean 61, s = √2, t(0.975; 1) · √2 / √2 = 12.706
            "1,2027-01-15T08:00:00Z,running,naive,cold,2,0,61.000,12.706,0.0,0",
            "2,2027-01-15T08:00:00Z,running,\"a,\"\"b\"\"<script>|x\",cold,1,0,10.000,,0.0,0",
        ])
    }

    @Test func historyHTMLAndMarkdownAreDifferentAndEscaped() {
        let html = HistoryReport(format: .html).render(Self.history())
        let md = HistoryReport(format: .md).render(Self.history())
        #expect(html != md)
        #expect(!html.contains("<script>"))
        #expect(html.contains("<td>61.0 s ± 12.7</td>"))
        #expect(md.contains("a,\"b\"&lt;script&gt;\\|x · cold"))
    }

    @Test func recommendRendersTextMarkdownAndJSONOnly() throws {
        #expect(Recommendation.formats == [.text, .md, .json])
        #expect(RecommendationReport(format: .csv)?.format == nil)
        #expect(RecommendationReport(format: .html)?.format == nil)
        let analysis = VerdictSample.analysis(3, [("naive", "no-change", VerdictSample.ok([60, 62])),
                                                  ("inline", "no-change", VerdictSample.ok([20, 22]))])
        let recommendation = Recommendation(analysis: analysis)
        let json = try #require(RecommendationReport(format: .json)).render(recommendation)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["recommended"] as? String == "inline")
        #expect(document["run"] as? Int == 3)
        let ranking = try #require(document["ranking"] as? [[String: Any]])
        #expect(ranking.map { $0["strategy"] as? String } == ["inline", "naive"])
        #expect(ranking.first?["expectedSeconds"] as? Double == 21)
        // No phases stored: no script, so no job, said as such rather than invented.
        #expect(document["job"] == nil)
        let md = try #require(RecommendationReport(format: .md)).render(recommendation)
        #expect(md.hasPrefix("# cachebench recommend\n"))
        #expect(md.contains("| 1 | `inline` | 21.0 s ± 12.7 | 0 of 2 | - | 21.0 s |"))
        #expect(md.contains("- recommended: inline, 21.0 s ± 12.7 per CI run, 66% less than naive (61.0 s)"))
        #expect(md.contains("no stored commands for inline in this run: cannot write its CI job."))
    }
}
