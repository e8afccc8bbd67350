import BenchAnalysis
import Foundation

extension RunComparison: Renderable {
    /// `compare`: every format.
    package static var formats: [OutputFormat] { OutputFormat.allCases }
}

/// Renders `cachebench compare` in one output format.
package struct ComparisonReport: Renderer {
    package var format: OutputFormat

    package init(format: OutputFormat = .text) { self.format = format }

    package func render(_ comparison: RunComparison) -> String {
        switch format {
        case .text: return text(comparison)
        case .md: return markdown(comparison)
        case .json: return json(comparison)
        case .csv: return csv(comparison)
        case .html: return html(comparison)
        }
    }

    static func wall(_ stats: SampleStatistics?) -> String {
        guard let stats else { return "-" }
        return Format.seconds(stats.mean) + (stats.confidence95.map { String(format: " ± %.1f", $0) } ?? "")
    }

    static func change(_ cell: CellComparison) -> String {
        cell.changePercent.map { String(format: "%+.1f%%", $0) } ?? "-"
    }

    static func counts(_ counts: CellComparison.Counts) -> String { "\(counts.ok)/\(counts.failed)" }

    /// `p < 0.001` or `p = 0.012`.
    static func p(_ value: Double) -> String { value < 0.001 ? "p < 0.001" : String(format: "p = %.3f", value) }

    static func test(_ cell: CellComparison) -> String {
        guard let wall = cell.wall else { return "-" }
        return wall.p.map { "\(wall.test.rawValue), \(p($0))" } ?? wall.test.rawValue
    }

    /// `RUN go build: +5.1 s, p < 0.001`.
    static func step(_ step: StepComparison) -> String {
        let text = step.instruction.count > 60 ? String(step.instruction.prefix(59)) + "…" : step.instruction
        return String(format: "%@: %+.1f s", text, step.comparison.deltaSeconds)
            + (step.adjustedP.map { ", " + p($0) } ?? "") + (step.cached ? " (cached)" : "")
    }

    func header(_ c: RunComparison) -> String {
        "baseline run \(c.baseline.id ?? 0) (\(Format.date(c.baseline.startedAt))) vs current run \(c.current.id ?? 0) "
            + "(\(Format.date(c.current.startedAt))), threshold \(String(format: "%g", c.thresholdPercent))%"
    }

    static func reason(_ cell: CellComparison) -> String {
        switch cell.verdict {
        case .failed:
            return "failed \(cell.currentCounts.failed) of \(cell.currentCounts.ok + cell.currentCounts.failed) "
                + "(baseline \(cell.baselineCounts.failed) of \(cell.baselineCounts.ok + cell.baselineCounts.failed))"
        case .stepRegression: return "step " + cell.regressedSteps.map(step).joined(separator: "; ")
        default:
            let steps = cell.regressedSteps.isEmpty ? "" : "; step " + cell.regressedSteps.map(step).joined(separator: "; ")
            return change(cell) + steps
        }
    }

    func verdictLine(_ c: RunComparison) -> String {
        let regressions = c.regressions
        if regressions.isEmpty { return "no regression" }
        return "\(regressions.count) regression(s): "
            + regressions.map { "\($0.strategy) · \($0.scenario) \(Self.reason($0))" }.joined(separator: ", ")
    }

    /// Steps tested, and which test the whole builds used.
    func notes(_ c: RunComparison) -> [String] {
        let tested = c.cells.flatMap(\.steps).filter { $0.adjustedP != nil }.count
        var out = ["ok/failed: successful and failed builds in the cell. Steps matched by stage and instruction text "
                   + "(cached with cached, rebuilt with rebuilt): \(tested) tested, p-values adjusted by Benjamini-Hochberg."]
        if !c.settingsChanged.isEmpty {
            out.append("warning: the runs were measured with different settings (" + c.settingsChanged.joined(separator: "; ")
                       + "), which change build times by themselves; rerun with the baseline's settings to compare the project.")
        }
        if c.cells.contains(where: { $0.wall?.test == .singleBuilds }) {
            out.append("single builds: no interval: one build on each side, so only the threshold decides (and steps are not tested).")
        }
        return out
    }

    func text(_ c: RunComparison) -> String {
        var rows = [["strategy", "scenario", "baseline", "ok/failed", "current", "ok/failed", "change", "test", "verdict"]]
        for cell in c.cells {
            rows.append([cell.strategy, cell.scenario, Self.wall(cell.baseline), Self.counts(cell.baselineCounts),
                         Self.wall(cell.current), Self.counts(cell.currentCounts), Self.change(cell), Self.test(cell),
                         cell.verdict.rawValue])
        }
        return ([header(c), "", Format.table(rows), ""] + notes(c) + ["", verdictLine(c)]).joined(separator: "\n") + "\n"
    }

    func markdown(_ c: RunComparison) -> String {
        var out = ["# cachebench compare", "", header(c) + ".", "",
                   "| strategy | scenario | baseline | ok/failed | current | ok/failed | change | test | verdict |",
                   "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
        for cell in c.cells {
            let verdict = cell.isRegression ? "**\(cell.verdict.rawValue)**" : cell.verdict.rawValue
            out.append("| \(Markdown.code(cell.strategy)) | \(Markdown.text(cell.scenario)) | \(Self.wall(cell.baseline)) | \(Self.counts(cell.baselineCounts)) | "
                       + "\(Self.wall(cell.current)) | \(Self.counts(cell.currentCounts)) | \(Self.change(cell)) | \(Self.test(cell)) | \(verdict) |")
        }
        out += [""] + notes(c) + ["", verdictLine(c) + "."]
        return out.joined(separator: "\n") + "\n"
    }

    /// One row per cell (RFC 4180), for spreadsheets: both sides' counts and means, the change, the test and the verdict.
    func csv(_ c: RunComparison) -> String {
        let header = ["baseline_run", "current_run", "strategy", "scenario", "baseline_ok", "baseline_failed", "current_ok",
                      "current_failed", "baseline_mean_seconds", "baseline_confidence95", "current_mean_seconds",
                      "current_confidence95", "change_percent", "test", "p", "verdict", "regressed_steps"]
        var lines = [header.joined(separator: ",")]
        for cell in c.cells {
            let fields = [String(c.baseline.id ?? 0), String(c.current.id ?? 0), cell.strategy, cell.scenario,
                          String(cell.baselineCounts.ok), String(cell.baselineCounts.failed), String(cell.currentCounts.ok),
                          String(cell.currentCounts.failed), CSVReport.number(cell.baseline?.mean),
                          CSVReport.number(cell.baseline?.confidence95), CSVReport.number(cell.current?.mean),
                          CSVReport.number(cell.current?.confidence95), CSVReport.number(cell.changePercent),
                          cell.wall?.test.rawValue ?? "", cell.wall?.p.map { String(format: "%.6f", $0) } ?? "",
                          cell.verdict.rawValue, cell.regressedSteps.map(Self.step).joined(separator: "; ")]
            lines.append(fields.map(CSVReport.field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A self-contained page: the header, the cell table (regressions in bold red), the notes and the verdict.
    func html(_ c: RunComparison) -> String {
        let e = HTMLReport.escape
        var body = ["<h1>cachebench compare</h1>", "<p>\(e(header(c))).</p>",
                    "<table><tr><th>strategy</th><th>scenario</th><th>baseline</th><th>ok/failed</th><th>current</th>"
                    + "<th>ok/failed</th><th>change</th><th>test</th><th>verdict</th></tr>"]
        for cell in c.cells {
            let verdict = cell.isRegression ? "<span class=\"missed\">\(e(cell.verdict.rawValue))</span>" : e(cell.verdict.rawValue)
            body.append("<tr><td><code>\(e(cell.strategy))</code></td><td>\(e(cell.scenario))</td><td>\(e(Self.wall(cell.baseline)))</td>"
                        + "<td>\(Self.counts(cell.baselineCounts))</td><td>\(e(Self.wall(cell.current)))</td>"
                        + "<td>\(Self.counts(cell.currentCounts))</td><td>\(e(Self.change(cell)))</td><td>\(e(Self.test(cell)))</td>"
                        + "<td>\(verdict)</td></tr>")
        }
        body[body.count - 1] += "</table>"
        body.append("<ul>" + notes(c).map { "<li>\(e($0))</li>" }.joined() + "</ul>")
        body.append("<p><b>\(e(verdictLine(c))).</b></p>")
        return HTMLReport.page(title: "cachebench compare", body: body)
    }

    struct Document: Encodable {
        var baselineRun: Int64
        var currentRun: Int64
        var thresholdPercent: Double
        var regressions: Int
        /// Settings that change build times and differ between the runs (`RunComparison.settingsChanged`).
        var settingsChanged: [String]
        var cells: [Cell]
    }

    struct Cell: Encodable {
        var strategy: String
        var scenario: String
        var baselineOk: Int
        var baselineFailed: Int
        var currentOk: Int
        var currentFailed: Int
        var baselineMeanSeconds: Double?
        var currentMeanSeconds: Double?
        var changePercent: Double?
        var test: String?
        var p: Double?
        var verdict: String
        var steps: [Step]
    }

    struct Step: Encodable {
        var stage: String?
        var instruction: String
        var cached: Bool
        var baselineMeanSeconds: Double
        var currentMeanSeconds: Double
        var deltaSeconds: Double
        var test: String
        var p: Double?
        var adjustedP: Double?
        var regressed: Bool
    }

    func json(_ c: RunComparison) -> String {
        let cells = c.cells.map { cell in
            Cell(strategy: cell.strategy, scenario: cell.scenario, baselineOk: cell.baselineCounts.ok,
                 baselineFailed: cell.baselineCounts.failed, currentOk: cell.currentCounts.ok, currentFailed: cell.currentCounts.failed,
                 baselineMeanSeconds: cell.baseline?.mean, currentMeanSeconds: cell.current?.mean, changePercent: cell.changePercent,
                 test: cell.wall?.test.rawValue, p: cell.wall?.p, verdict: cell.verdict.rawValue,
                 steps: cell.steps.map {
                     Step(stage: $0.stage, instruction: $0.instruction, cached: $0.cached, baselineMeanSeconds: $0.comparison.baseline.mean,
                          currentMeanSeconds: $0.comparison.current.mean, deltaSeconds: $0.comparison.deltaSeconds,
                          test: $0.comparison.test.rawValue, p: $0.comparison.p, adjustedP: $0.adjustedP, regressed: $0.regressed)
                 })
        }
        return JSONText.encode(Document(baselineRun: c.baseline.id ?? 0, currentRun: c.current.id ?? 0,
                                        thresholdPercent: c.thresholdPercent, regressions: c.regressions.count,
                                        settingsChanged: c.settingsChanged, cells: cells))
    }
}
