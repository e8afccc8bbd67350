import BenchAnalysis
import Foundation

/// A prediction in every format: the same table as `run`, marked "predicted", per link; the ranking and where it
/// flips; and, for a confirmed prediction, every measured cell beside its prediction with the error and, over 15 %,
/// the term that was wrong (from the measured phases).
package enum PredictionReport {
    /// One table per link: "21.3 s ± 2.1" per cell.
    package static func tables(cells: [PredictedCell], links: [String], calibrationRunId: Int64) -> String {
        var out: [String] = []
        for link in links {
            let mine = cells.filter { $0.network == link }
            let strategies = ordered(mine.map(\.strategy)), scenarios = ordered(mine.map(\.scenario))
            out.append(heading(link: link, calibrationRunId: calibrationRunId))
            var rows: [[String]] = [["strategy"] + scenarios]
            for strategy in strategies {
                rows.append([strategy] + scenarios.map { scenario in
                    mine.first { $0.strategy == strategy && $0.scenario == scenario }.map { predicted($0) + " predicted" } ?? "-"
                })
            }
            out.append(Format.table(rows))
            out += intervalSources(mine)
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// Which cells' intervals came from which spreads: one line when they all share one source, else one per source
    /// naming its cells ("strategy/scenario"). Nothing for cells stored before the source was recorded.
    static func intervalSources(_ cells: [PredictedCell]) -> [String] {
        let sources = ordered(cells.map(\.intervalSource)).filter { !$0.isEmpty }
        if sources.count == 1, cells.allSatisfy({ $0.intervalSource == sources[0] }) {
            return ["interval of every cell: \(sources[0])"]
        }
        return sources.map { source in
            "interval \(source): " + cells.filter { $0.intervalSource == source }.map { "\($0.strategy)/\($0.scenario)" }
                .joined(separator: ", ")
        }
    }

    /// The ranking on each link, and the bandwidths where the order of two strategies flips.
    package static func recommendation(rankings: [PredictedRanking], flips: [BandwidthFlip]) -> String {
        recommendationLines(rankings: rankings, flips: flips).joined(separator: "\n") + "\n"
    }

    static func recommendationLines(rankings: [PredictedRanking], flips: [BandwidthFlip]) -> [String] {
        rankings.map { $0.summary() } + flips.map { "what-if: " + $0.sentence }
    }

    /// Predicted beside measured, cell by cell, with the error and, over 15 %, the term that was wrong.
    /// With `recommendation`, a last line says whether the predicted winner was the measured one.
    package static func errors(_ errors: [PredictionError], recommendation: RecommendationCheck? = nil) -> String {
        guard !errors.isEmpty else { return "" }
        var rows: [[String]] = [["strategy", "scenario", "predicted", "measured", "error"]]
        for error in errors {
            rows.append([error.strategy, error.scenario, predicted(error), Format.seconds(error.measured), verdict(error)])
        }
        return errorsHeading + ":\n" + Format.table(rows) + "\n" + within(errors) + "\n"
            + (recommendation.map { $0.sentence + "\n" } ?? "")
    }

    /// The stored prediction of a run as text, for `report`: its measured cells' errors (a confirmation run), or
    /// the predicted tables (a calibration run).
    package static func text(_ comparison: PredictionComparison) -> String {
        if !comparison.errors.isEmpty { return "\n" + errors(comparison.errors, recommendation: comparison.recommendation) }
        return "\n" + tables(cells: comparison.cells, links: comparison.links, calibrationRunId: comparison.calibrationRunId)
            + "intervals: \(comparison.spreadSource)\n"
    }

    // MARK: pieces every format shares

    static let errorsHeading = "prediction error of every measured cell (predicted − measured, over measured)"
    static let flagRule = "A cell more than 15% off names the term whose measured seconds (from the build's pull, build and "
        + "push phases and its steps) differ most from the predicted ones, and by how much."

    static func heading(link: String, calibrationRunId: Int64) -> String {
        "predicted (from calibration run \(calibrationRunId)), network \(link): wall seconds of each CI run ± 95% interval"
    }

    static func predicted(_ cell: PredictedCell) -> String { String(format: "%.1f s ± %.1f", cell.seconds, cell.interval) }
    static func predicted(_ error: PredictionError) -> String { String(format: "%.1f s ± %.1f", error.predicted, error.interval) }

    /// "+8%", or "-19% over 15%: steps term off by +11.7 s".
    static func verdict(_ error: PredictionError) -> String {
        percent(error) + (flag(error).map { " over 15%: " + $0 } ?? "")
    }

    static func percent(_ error: PredictionError) -> String { String(format: "%+.0f%%", error.relativeError * 100) }

    /// "steps term off by +11.7 s" for a flagged cell, nil otherwise.
    static func flag(_ error: PredictionError) -> String? {
        guard error.flagged, let term = error.wrongTerm, let off = error.termErrors[term] else { return nil }
        return String(format: "%@ term off by %+.1f s", term, off)
    }

    static func within(_ errors: [PredictionError]) -> String {
        "\(errors.filter { !$0.flagged }.count) of \(errors.count) cells within 15%, "
            + "\(errors.filter(\.insideInterval).count) of \(errors.count) inside their predicted 95% interval"
    }

    static func capitalized(_ sentence: String) -> String { sentence.prefix(1).uppercased() + sentence.dropFirst() }

    static func ordered(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}

// MARK: Markdown and HTML sections

extension PredictionReport {
    /// The section `report --format md` ends with, and the body of `predict --format md`.
    static func markdown(_ comparison: PredictionComparison, level: String = "##") -> [String] {
        var out = ["", "\(level) Predicted and measured", ""]
        if !comparison.errors.isEmpty {
            out.append("Prediction \(comparison.predictionId) from calibration run \(comparison.calibrationRunId) beside run "
                       + "\(comparison.measuredRunId.map(String.init) ?? "?")'s measured cells: "
                       + Markdown.text(errorsHeading) + ". " + Markdown.text(flagRule))
            out.append("")
            out.append("| strategy | scenario | predicted | measured | error | wrong term |")
            out.append("| --- | --- | ---: | ---: | ---: | --- |")
            for error in comparison.errors {
                out.append("| \(Markdown.code(error.strategy)) | \(Markdown.text(error.scenario)) | \(predicted(error)) | "
                           + "\(Format.seconds(error.measured)) | \(percent(error)) | \(flag(error).map(Markdown.text) ?? "") |")
            }
            out.append("")
            out.append(within(comparison.errors) + ".")
            if let check = comparison.recommendation { out += ["", Markdown.text(capitalized(check.sentence)) + "."] }
            return out
        }
        out.append("Prediction \(comparison.predictionId) from calibration run \(comparison.calibrationRunId): wall seconds of each "
                   + "CI run ± 95% interval. Intervals: \(Markdown.text(comparison.spreadSource)).")
        for link in comparison.links {
            let mine = comparison.cells.filter { $0.network == link }
            let scenarios = ordered(mine.map(\.scenario))
            out += ["", "Network \(Markdown.text(link)):", ""]
            out.append("| strategy | " + scenarios.map(Markdown.text).joined(separator: " | ") + " |")
            out.append("| --- |" + String(repeating: " ---: |", count: scenarios.count))
            for strategy in ordered(mine.map(\.strategy)) {
                out.append("| \(Markdown.code(strategy)) | " + scenarios.map { scenario in
                    mine.first { $0.strategy == strategy && $0.scenario == scenario }.map(predicted) ?? "-"
                }.joined(separator: " | ") + " |")
            }
            let sources = intervalSources(mine)
            if !sources.isEmpty { out += [""] + sources.map { "- " + Markdown.text($0) } }
        }
        return out
    }

    /// The section `report --format html` ends with, and the body of `predict --format html`.
    static func html(_ comparison: PredictionComparison) -> String {
        let e = HTMLReport.escape
        var out = ["<h2>Predicted and measured</h2>"]
        if !comparison.errors.isEmpty {
            out.append("<p>Prediction \(comparison.predictionId) from calibration run \(comparison.calibrationRunId) beside run "
                       + "\(comparison.measuredRunId.map(String.init) ?? "?")'s measured cells: \(e(errorsHeading)). \(e(flagRule))</p>")
            var rows = ["<table><tr><th>strategy</th><th>scenario</th><th>predicted</th><th>measured</th><th>error</th><th>wrong term</th></tr>"]
            for error in comparison.errors {
                rows.append("<tr><td><code>\(e(error.strategy))</code></td><td>\(e(error.scenario))</td><td>\(e(predicted(error)))</td>"
                            + "<td>\(e(Format.seconds(error.measured)))</td>"
                            + "<td\(error.flagged ? " class=\"missed\"" : "")>\(e(percent(error)))</td>"
                            + "<td>\(e(flag(error) ?? ""))</td></tr>")
            }
            out.append(rows.joined(separator: "\n") + "</table>")
            out.append("<p>\(e(within(comparison.errors))).</p>")
            if let check = comparison.recommendation { out.append("<p>\(e(capitalized(check.sentence))).</p>") }
            return out.joined(separator: "\n")
        }
        out.append("<p>Prediction \(comparison.predictionId) from calibration run \(comparison.calibrationRunId): wall seconds of "
                   + "each CI run ± 95% interval. Intervals: \(e(comparison.spreadSource)).</p>")
        for link in comparison.links {
            let mine = comparison.cells.filter { $0.network == link }
            let scenarios = ordered(mine.map(\.scenario))
            var rows = ["<h3>Network \(e(link))</h3><table><tr><th>strategy</th>" + scenarios.map { "<th>\(e($0))</th>" }.joined() + "</tr>"]
            for strategy in ordered(mine.map(\.strategy)) {
                rows.append("<tr><td><code>\(e(strategy))</code></td>" + scenarios.map { scenario in
                    "<td>" + e(mine.first { $0.strategy == strategy && $0.scenario == scenario }.map(predicted) ?? "-") + "</td>"
                }.joined() + "</tr>")
            }
            out.append(rows.joined(separator: "\n") + "</table>")
            let sources = intervalSources(mine)
            if !sources.isEmpty { out.append("<ul>" + sources.map { "<li>\(e($0))</li>" }.joined() + "</ul>") }
        }
        return out.joined(separator: "\n")
    }
}

// MARK: JSON and CSV

extension PredictionReport {
    /// `"prediction"` of `report --format json`: the prediction and each cell, term by term, with the measured figures
    /// of a measured cell (`measured`, `error`, `flagged`, `wrongTerm`, `termErrors`: measured minus predicted seconds).
    struct JSONPrediction: Encodable {
        var id: Int64
        var calibrationRun: Int64
        var measuredRun: Int64?
        var spreadSource: String
        var cells: [JSONCell]
        /// Whether the predicted winner was the measured one (a measured prediction only).
        var recommendation: JSONRecommendation?

        init(_ comparison: PredictionComparison) {
            id = comparison.predictionId
            calibrationRun = comparison.calibrationRunId
            measuredRun = comparison.measuredRunId
            spreadSource = comparison.spreadSource
            recommendation = comparison.recommendation.map(JSONRecommendation.init)
            let measuredLink = comparison.errors.isEmpty ? nil : comparison.links.first
            cells = comparison.cells.map { cell in
                let error = cell.network == measuredLink
                    ? comparison.errors.first { $0.strategy == cell.strategy && $0.scenario == cell.scenario } : nil
                return JSONCell(cell, error: error)
            }
        }
    }

    /// `verdict` is `held`, `did not hold` or `not shown`; `p` is the paired t-test's (nil below two iterations).
    struct JSONRecommendation: Encodable {
        var verdict: String
        var network: String
        var strategies: [String]
        var predictedWinner: String
        var predictedSeconds: Double
        var measuredWinner: String
        var measuredSeconds: Double
        var testedAgainst: String?
        var p: Double?
        var sentence: String

        init(_ check: RecommendationCheck) {
            verdict = check.verdict.rawValue; network = check.link; strategies = check.strategies
            predictedWinner = check.predictedWinner; predictedSeconds = check.predictedSeconds
            measuredWinner = check.measuredWinner; measuredSeconds = check.measuredSeconds
            testedAgainst = check.testedAgainst; p = check.test?.p; sentence = check.sentence
        }
    }

    struct JSONCell: Encodable {
        var strategy: String
        var scenario: String
        var network: String
        var seconds: Double
        var interval: Double
        /// Where the interval's spreads came from; nil for cells stored before it was recorded.
        var intervalSource: String?
        var terms: [String: Double]
        var measured: Double?
        var error: Double?
        var flagged: Bool?
        var wrongTerm: String?
        var termErrors: [String: Double]?

        init(_ cell: PredictedCell, error: PredictionError?) {
            strategy = cell.strategy; scenario = cell.scenario; network = cell.network
            seconds = cell.seconds; interval = cell.interval
            intervalSource = cell.intervalSource.isEmpty ? nil : cell.intervalSource
            terms = Dictionary(uniqueKeysWithValues: cell.terms.map { ($0.name, $0.seconds) })
            measured = error?.measured
            self.error = error?.relativeError
            flagged = error?.flagged
            wrongTerm = error.flatMap { $0.flagged ? $0.wrongTerm : nil }
            termErrors = error?.termErrors
        }
    }

    /// Columns `report --format csv` adds to each build's row when the run measured a prediction.
    static let csvHeader = ["predicted_seconds", "predicted_interval", "prediction_error", "prediction_flag"]

    static func csvFields(_ comparison: PredictionComparison?, strategy: String, scenario: String) -> [String]? {
        guard let comparison, !comparison.errors.isEmpty else { return nil }
        guard let error = comparison.errors.first(where: { $0.strategy == strategy && $0.scenario == scenario }) else {
            return ["", "", "", ""]
        }
        return [String(format: "%.3f", error.predicted), String(format: "%.3f", error.interval),
                String(format: "%.4f", error.relativeError), flag(error) ?? ""]
    }
}
