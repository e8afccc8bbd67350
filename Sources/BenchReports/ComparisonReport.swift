import BenchAnalysis
import Foundation

/// Renders `cachebench compare` in each output format.
public struct ComparisonReport: Sendable {
    public init() {}

    public func render(_ comparison: RunComparison, format: OutputFormat) -> String {
        switch format {
        case .text: return text(comparison)
        case .md, .html, .csv: return markdown(comparison)  // the CLI offers html and csv only for run reports
        case .json: return json(comparison)
        }
    }

    static func wall(_ stats: SampleStatistics?) -> String {
        guard let stats else { return "-" }
        return Format.seconds(stats.mean) + (stats.confidence95.map { String(format: " ± %.1f", $0) } ?? "")
    }

    static func change(_ cell: CellComparison) -> String {
        cell.changePercent.map { String(format: "%+.1f%%", $0) } ?? "-"
    }

    func header(_ c: RunComparison) -> String {
        "baseline run \(c.baseline.id ?? 0) (\(Format.date(c.baseline.startedAt))) vs current run \(c.current.id ?? 0) "
            + "(\(Format.date(c.current.startedAt))), threshold \(String(format: "%g", c.thresholdPercent))%"
    }

    func verdictLine(_ c: RunComparison) -> String {
        let regressions = c.regressions
        if regressions.isEmpty { return "no regression" }
        return "\(regressions.count) regression(s): "
            + regressions.map { "\($0.strategy) · \($0.scenario) \($0.verdict == .failed ? "failed" : Self.change($0))" }
                .joined(separator: ", ")
    }

    func text(_ c: RunComparison) -> String {
        var rows = [["strategy", "scenario", "baseline", "current", "change", "verdict"]]
        for cell in c.cells {
            rows.append([cell.strategy, cell.scenario, Self.wall(cell.baseline), Self.wall(cell.current), Self.change(cell),
                         cell.verdict.rawValue])
        }
        return [header(c), "", Format.table(rows), "", verdictLine(c)].joined(separator: "\n") + "\n"
    }

    func markdown(_ c: RunComparison) -> String {
        var out = ["# cachebench compare", "", header(c) + ".", "",
                   "| strategy | scenario | baseline | current | change | verdict |", "| --- | --- | ---: | ---: | ---: | --- |"]
        for cell in c.cells {
            let verdict = cell.verdict == .regression || cell.verdict == .failed ? "**\(cell.verdict.rawValue)**" : cell.verdict.rawValue
            out.append("| \(Markdown.code(cell.strategy)) | \(Markdown.text(cell.scenario)) | \(Self.wall(cell.baseline)) | \(Self.wall(cell.current)) | "
                       + "\(Self.change(cell)) | \(verdict) |")
        }
        out += ["", verdictLine(c) + "."]
        return out.joined(separator: "\n") + "\n"
    }

    struct Document: Encodable {
        var baselineRun: Int64
        var currentRun: Int64
        var thresholdPercent: Double
        var regressions: Int
        var cells: [Cell]
    }

    struct Cell: Encodable {
        var strategy: String
        var scenario: String
        var baselineMeanSeconds: Double?
        var currentMeanSeconds: Double?
        var changePercent: Double?
        var verdict: String
    }

    func json(_ c: RunComparison) -> String {
        let document = Document(baselineRun: c.baseline.id ?? 0, currentRun: c.current.id ?? 0, thresholdPercent: c.thresholdPercent,
                                regressions: c.regressions.count,
                                cells: c.cells.map { Cell(strategy: $0.strategy, scenario: $0.scenario,
                                                          baselineMeanSeconds: $0.baseline?.mean, currentMeanSeconds: $0.current?.mean,
                                                          changePercent: $0.changePercent, verdict: $0.verdict.rawValue) })
        return JSONText.encode(document)
    }
}

/// Renders `cachebench history`: one row per run, one column per strategy · scenario cell.
public struct HistoryReport: Sendable {
    public init() {}

    public func render(_ runs: [RunAnalysis], format: OutputFormat) -> String {
        var cells: [(String, String)] = []
        for run in runs {
            for cell in run.cells where !cells.contains(where: { $0 == (cell.strategy, cell.scenario) }) {
                cells.append((cell.strategy, cell.scenario))
            }
        }
        switch format {
        case .json:
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
            let rows = runs.map { run in
                Row(run: run.run.id ?? 0, startedAt: Format.date(run.run.startedAt), status: run.run.status,
                    cells: run.cells.map { Cell(strategy: $0.strategy, scenario: $0.scenario, meanSeconds: $0.wall?.mean,
                                                confidence95: $0.wall?.confidence95, cachedSteps: $0.cachedSteps,
                                                totalSteps: $0.totalSteps) })
            }
            return JSONText.encode(rows)
        case .text, .md, .html, .csv:
            let header = ["run", "started", "status"] + cells.map { "\($0.0) · \($0.1)" }
            var rows: [[String]] = [header]
            for run in runs {
                rows.append([String(run.run.id ?? 0), Format.date(run.run.startedAt), run.run.status]
                            + cells.map { run.cell($0.0, $0.1).map(Format.wall) ?? "-" })
            }
            if format == .text { return Format.table(rows) + "\n" }  // md and html both get the Markdown table
            var out = ["| " + header.map(Markdown.text).joined(separator: " | ") + " |",
                       "|" + String(repeating: " --- |", count: header.count)]
            for row in rows.dropFirst() { out.append("| " + row.map(Markdown.text).joined(separator: " | ") + " |") }
            return out.joined(separator: "\n") + "\n"
        }
    }
}

enum JSONText {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
