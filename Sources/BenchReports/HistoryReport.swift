import BenchAnalysis
import Foundation

extension RunHistory: Renderable {
    /// `history`: every format.
    package static var formats: [OutputFormat] { OutputFormat.allCases }
}

/// Renders `cachebench history` in one output format: one row per run, one column per strategy · scenario cell
/// (CSV: one row per run and cell).
package struct HistoryReport: Renderer {
    package var format: OutputFormat

    package init(format: OutputFormat = .text) { self.format = format }

    package func render(_ history: RunHistory) -> String {
        switch format {
        case .json: return json(history)
        case .text: return Format.table(rows(history)) + "\n"
        case .md: return markdown(history)
        case .csv: return csv(history)
        case .html: return html(history)
        }
    }

    /// The header and one row per run: id, start, status, then each cell's mean wall time (`-` where it has none).
    func rows(_ history: RunHistory) -> [[String]] {
        let cells = history.cells
        var rows = [["run", "started", "status"] + cells.map { "\($0.strategy) · \($0.scenario)" }]
        for run in history.runs {
            rows.append([String(run.run.id ?? 0), Format.date(run.run.startedAt), run.run.status.rawValue]
                        + cells.map { run.cell($0.strategy, $0.scenario).map(Format.wall) ?? "-" })
        }
        return rows
    }

    func markdown(_ history: RunHistory) -> String {
        let rows = rows(history)
        var out = ["| " + rows[0].map(Markdown.text).joined(separator: " | ") + " |",
                   "|" + String(repeating: " --- |", count: rows[0].count)]
        for row in rows.dropFirst() { out.append("| " + row.map(Markdown.text).joined(separator: " | ") + " |") }
        return out.joined(separator: "\n") + "\n"
    }

    func html(_ history: RunHistory) -> String {
        let rows = rows(history)
        let e = HTMLReport.escape
        var table = ["<table><tr>" + rows[0].map { "<th>\(e($0))</th>" }.joined() + "</tr>"]
        for row in rows.dropFirst() { table.append("<tr>" + row.map { "<td>\(e($0))</td>" }.joined() + "</tr>") }
        return HTMLReport.page(title: "cachebench history", body: [
            "<h1>cachebench history</h1>",
            "<p>Every stored run, oldest first: mean wall seconds of each strategy · scenario cell ± the 95% interval over "
                + "its iterations.</p>",
            table.joined(separator: "\n") + "</table>",
        ])
    }

    /// One row per run and cell (RFC 4180), for spreadsheets.
    func csv(_ history: RunHistory) -> String {
        var lines = [["run", "started_at", "run_status", "strategy", "scenario", "builds", "failed", "mean_seconds",
                      "confidence95", "cached_steps", "total_steps"].joined(separator: ",")]
        for run in history.runs {
            for cell in run.cells {
                let fields = [String(run.run.id ?? 0), Format.date(run.run.startedAt), run.run.status.rawValue, cell.strategy,
                              cell.scenario, String(cell.builds), String(cell.failed), CSVReport.number(cell.wall?.mean),
                              CSVReport.number(cell.wall?.confidence95), String(format: "%.1f", cell.cachedSteps),
                              String(cell.totalSteps)]
                lines.append(fields.map(CSVReport.field).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    func json(_ history: RunHistory) -> String {
        struct Row: Encodable {
            var run: Int64
            var startedAt: String
            var status: String
            var cells: [Cell]
        }
        struct Cell: Encodable {
            var strategy: String
            var scenario: String
            var meanSeconds: Double?
            var confidence95: Double?
            var cachedSteps: Double
            var totalSteps: Int
        }
        let rows = history.runs.map { run in
            Row(run: run.run.id ?? 0, startedAt: Format.date(run.run.startedAt), status: run.run.status.rawValue,
                cells: run.cells.map { Cell(strategy: $0.strategy, scenario: $0.scenario, meanSeconds: $0.wall?.mean,
                                            confidence95: $0.wall?.confidence95, cachedSteps: $0.cachedSteps,
                                            totalSteps: $0.totalSteps) })
        }
        return JSONText.encode(rows)
    }
}
