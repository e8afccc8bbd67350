import BenchAnalysis
@testable import BenchReports
import Foundation
import ResultStore
import Testing

/// Sample run 7 with a prediction beside it: every format shows predicted and measured per cell, the error, and over
/// 15 % the term that was wrong, worked out from the sample's phases by hand below.
@Suite struct PredictionReportTests {
    // naive · cold: predicted 11.0 s, measured (10 + 12) / 2 = 11.0 s: 0 %.
    // naive · source-change: predicted 6 + 1 + 0.5 + 0 + 1.5 = 9.0 s, measured 6.0 s: +50 %, flagged.
    //   Measured terms (Sample.phases: pull 0.5 s, build 1.5 s, push 2.5 s; steps run: gcc 2.25 s):
    //   steps 2.25 − 6 = −3.75; overhead (1.5 − 2.25) − 1 = −1.75; pulls 0.5 − 0.5 = 0; pushes 2.5 − 1.5 = +1.0.
    //   The steps term is the one most off.
    static let cells = [
        PredictedCell(strategy: "naive", scenario: "cold", network: "local", steps: 8, overhead: 1, pulls: 0.5, extraction: 0,
                      pushes: 1.5, interval: 2, intervalSource: "spread from 4 stored builds on this machine"),
        PredictedCell(strategy: "naive", scenario: "source-change", network: "local", steps: 6, overhead: 1, pulls: 0.5,
                      extraction: 0, pushes: 1.5, interval: 0.5, intervalSource: "no history: assumed CV 29.8%"),
    ]

    static func analysis() -> RunAnalysis {
        // The sample's naive steps ran in its build phase (id 2).
        let builds = Sample.analysis.builds.map { detail in
            var detail = detail
            if detail.build.strategy == "naive" { detail.steps = detail.steps.map { var s = $0; s.phaseId = 2; return s } }
            return detail
        }
        var analysis = RunAnalysis(run: Sample.run, builds: builds)
        analysis.prediction = PredictionComparison(
            predictionId: 3, calibrationRunId: 6, measuredRunId: 7, spreadSource: "spreads of 4 stored builds", cells: cells,
            errors: PredictionError.pair(cells: cells, network: "local", builds: builds))
        return analysis
    }

    @Test func termErrorsComeFromTheMeasuredPhases() throws {
        let errors = try #require(Self.analysis().prediction?.errors)
        #expect(errors.count == 2)
        let change = try #require(errors.first { $0.scenario == "source-change" })
        #expect(abs(change.relativeError - 0.5) < 1e-9 && change.flagged)
        #expect(change.wrongTerm == "steps")
        #expect(abs((change.termErrors["steps"] ?? 0) + 3.75) < 1e-9)
        #expect(abs((change.termErrors["pushes"] ?? 0) - 1.0) < 1e-9)
        #expect(errors.first { $0.scenario == "cold" }?.flagged == false)
    }

    @Test func text() {
        let text = TextReport().render(Self.analysis())
        #expect(text.contains("naive     source-change  9.0 s ± 0.5   6.0 s     +50% over 15%: steps term off by -3.8 s"))
        // cold: 11.0 s measured inside 11.0 ± 2.0; source-change: 6.0 s outside 9.0 ± 0.5.
        #expect(text.contains("1 of 2 cells within 15%, 1 of 2 inside their predicted 95% interval"))
    }

    @Test func markdown() {
        let md = MarkdownReport().render(Self.analysis())
        #expect(md.contains("## Predicted and measured"))
        #expect(md.contains("| `naive` | cold | 11.0 s ± 2.0 | 11.0 s | +0% |  |"))
        #expect(md.contains("| `naive` | source-change | 9.0 s ± 0.5 | 6.0 s | +50% | steps term off by -3.8 s |"))
    }

    @Test func html() {
        let html = HTMLReport().render(Self.analysis())
        #expect(html.contains("<td class=\"missed\">+50%</td><td>steps term off by -3.8 s</td>"))
    }

    @Test func csvAddsTheCellsPredictionToEveryBuild() {
        let lines = CSVReport().render(Self.analysis()).components(separatedBy: "\r\n")
        #expect(lines[0].hasSuffix(",local_cache_bytes,predicted_seconds,predicted_interval,prediction_error,prediction_flag"))
        #expect(lines.contains { $0.contains(",naive,source-change,") && $0.hasSuffix(",9.000,0.500,0.5000,steps term off by -3.8 s") })
        // per-stage was not predicted: its columns stay empty.
        #expect(lines.contains { $0.contains(",per-stage,cold,") && $0.hasSuffix(",,,,") })
    }

    @Test func csvWithoutAPredictionKeepsItsColumns() {
        #expect(CSVReport().render(Sample.analysis).components(separatedBy: "\r\n")[0].hasSuffix(",local_cache_bytes"))
    }

    @Test func json() throws {
        let data = Data(JSONReport().render(Self.analysis()).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let prediction = try #require(object["prediction"] as? [String: Any])
        #expect(prediction["measuredRun"] as? Int == 7)
        let cells = try #require(prediction["cells"] as? [[String: Any]])
        let change = try #require(cells.first { $0["scenario"] as? String == "source-change" })
        #expect(change["wrongTerm"] as? String == "steps")
        #expect(change["flagged"] as? Bool == true)
        #expect(change["measured"] as? Double == 6)
        #expect(change["intervalSource"] as? String == "no history: assumed CV 29.8%")
        #expect(JSONReport().render(Sample.analysis).contains("\"prediction\"") == false)
    }

    @Test func predictDocumentInMarkdownAndCSV() {
        let comparison = Self.analysis().prediction!
        let document = PredictionDocument(project: "/p/hello-c", comparison: comparison, rankings: [], flips: [], uncovered: [])
        let md = document.render(.md)
        #expect(md.hasPrefix("# cachebench prediction: hello-c\n"))
        #expect(md.contains("| `naive` | 11.0 s ± 2.0 | 9.0 s ± 0.5 |"))
        #expect(md.contains("| `naive` | source-change | 9.0 s ± 0.5 | 6.0 s | +50% | steps term off by -3.8 s |"))
        let csv = document.render(.csv).components(separatedBy: "\r\n")
        #expect(csv[0].hasSuffix(",prediction_flag,interval_source"))
        #expect(csv[2] == "naive,source-change,local,9.000,0.500,6.000,1.000,0.500,0.000,1.500,6.000,0.5000,steps term off by -3.8 s,"
                + "no history: assumed CV 29.8%")
        // Each cell's interval says where its spread came from.
        #expect(md.contains("- interval spread from 4 stored builds on this machine: naive/cold\n"
                            + "- interval no history: assumed CV 29.8%: naive/source-change\n"))
        let text = document.render(.text)
        #expect(text.contains("interval no history: assumed CV 29.8%: naive/source-change\n"))
    }

    @Test func oneSourceForEveryCellIsSaidOnce() {
        let cells = Self.cells.map { var cell = $0; cell.intervalSource = "spread from 4 stored builds on this machine"; return cell }
        #expect(PredictionReport.intervalSources(cells) == ["interval of every cell: spread from 4 stored builds on this machine"])
        // Cells stored before the source was recorded say nothing.
        #expect(PredictionReport.intervalSources(cells.map { var cell = $0; cell.intervalSource = ""; return cell }).isEmpty)
    }
}
