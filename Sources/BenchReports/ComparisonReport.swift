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
                                        thresholdPercent: c.thresholdPercent, regressions: c.regressions.count, cells: cells))
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
