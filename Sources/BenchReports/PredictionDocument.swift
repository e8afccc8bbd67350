import BenchAnalysis
import Foundation

/// What `cachebench predict` prints, in any `OutputFormat`: the predicted tables per link, the intervals' source,
/// the ranking and where it flips, and (with `--measured`) every measured cell's error.
package struct PredictionDocument: Sendable {
    package var project: String
    package var comparison: PredictionComparison
    package var rankings: [PredictedRanking]
    package var flips: [BandwidthFlip]
    /// Strategies no calibration covers, with why.
    package var uncovered: [String]

    package init(project: String, comparison: PredictionComparison, rankings: [PredictedRanking], flips: [BandwidthFlip],
                 uncovered: [String]) {
        self.project = project; self.comparison = comparison; self.rankings = rankings; self.flips = flips
        self.uncovered = uncovered
    }

    var predictedOnly: PredictionComparison {
        var only = comparison
        only.errors = []
        return only
    }

    package func render(_ format: OutputFormat) -> String {
        switch format {
        case .text: return text()
        case .md: return markdown()
        case .html: return html()
        case .json: return json()
        case .csv: return csv()
        }
    }

    func text() -> String {
        var out = PredictionReport.tables(cells: comparison.cells, links: comparison.links,
                                          calibrationRunId: comparison.calibrationRunId)
        out += "intervals: \(comparison.spreadSource)\n"
        for line in uncovered { out += "not predicted: \(line)\n" }
        out += PredictionReport.recommendation(rankings: rankings, flips: flips)
        if !comparison.errors.isEmpty {
            out += "\n" + PredictionReport.errors(comparison.errors, recommendation: comparison.recommendation)
        }
        return out
    }

    func markdown() -> String {
        var out = ["# cachebench prediction: \(Markdown.text((project as NSString).lastPathComponent))"]
        out += PredictionReport.markdown(predictedOnly).map { $0 == "## Predicted and measured" ? "## Predicted" : $0 }
        if !uncovered.isEmpty { out += [""] + uncovered.map { "- not predicted: " + Markdown.text($0) } }
        out += ["", "## Recommendation", ""]
        out += PredictionReport.recommendationLines(rankings: rankings, flips: flips).map { "- " + Markdown.text($0) }
        if !comparison.errors.isEmpty { out += PredictionReport.markdown(comparison) }
        return out.joined(separator: "\n") + "\n"
    }

    func html() -> String {
        let e = HTMLReport.escape
        let title = "cachebench prediction: \(e((project as NSString).lastPathComponent))"
        var body = ["<h1>\(title)</h1>", PredictionReport.html(predictedOnly).replacingOccurrences(
            of: "<h2>Predicted and measured</h2>", with: "<h2>Predicted</h2>")]
        if !uncovered.isEmpty { body.append("<ul>" + uncovered.map { "<li>not predicted: \(e($0))</li>" }.joined() + "</ul>") }
        body.append("<h2>Recommendation</h2><ul>"
                    + PredictionReport.recommendationLines(rankings: rankings, flips: flips).map { "<li>\(e($0))</li>" }.joined()
                    + "</ul>")
        if !comparison.errors.isEmpty { body.append(PredictionReport.html(comparison)) }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(title)</title>
            <style>
            body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
            table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
            td:first-child,th:first-child{text-align:left}.missed{color:#c0392b;font-weight:bold}
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    struct JSONDocument: Encodable {
        var project: String
        var prediction: PredictionReport.JSONPrediction
        var ranking: [String]
        var whatIf: [String]
        var notPredicted: [String]
    }

    /// `{"project", "prediction": {...} (as in `report --format json`), "ranking": [...], "whatIf": [...], "notPredicted": [...]}`.
    func json() -> String {
        JSONText.encode(JSONDocument(project: project, prediction: PredictionReport.JSONPrediction(comparison),
                                     ranking: rankings.map { $0.summary() }, whatIf: flips.map(\.sentence),
                                     notPredicted: uncovered))
    }

    static let csvHeader = ["strategy", "scenario", "network", "predicted_seconds", "interval", "steps", "overhead", "pulls",
                            "extraction", "pushes", "measured_seconds", "prediction_error", "prediction_flag", "interval_source"]

    /// One row per predicted cell, term by term, with the measured figures of a measured cell.
    func csv() -> String {
        var lines = [Self.csvHeader.joined(separator: ",")]
        let measuredLink = comparison.errors.isEmpty ? nil : comparison.links.first
        for cell in comparison.cells {
            let error = cell.network == measuredLink
                ? comparison.errors.first { $0.strategy == cell.strategy && $0.scenario == cell.scenario } : nil
            let figures = [cell.seconds, cell.interval, cell.steps, cell.overhead, cell.pulls, cell.extraction, cell.pushes]
                .map { String(format: "%.3f", $0) }
            let measured = error.map { [String(format: "%.3f", $0.measured), String(format: "%.4f", $0.relativeError),
                                        PredictionReport.flag($0) ?? ""] } ?? ["", "", ""]
            lines.append(([cell.strategy, cell.scenario, cell.network] + figures + measured + [cell.intervalSource])
                .map(CSVReport.field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

extension PredictionDocument: Renderable {
    /// `predict`: every format.
    package static var formats: [OutputFormat] { OutputFormat.allCases }
}
