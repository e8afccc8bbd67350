import BenchAnalysis
import Foundation

/// A self-contained HTML page: the headline chart (mean wall seconds per scenario and strategy, with 95 %
/// error bars) as inline SVG, the table, the scripts as run, and every build's steps. No scripts, no fetches.
package struct HTMLReport: Renderer {
    package init() {}

    /// Tableau 10 without its grey, then Tableau 20's lighter shades: 20 strategies (or strategy@engine labels) before a
    /// colour repeats.
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
                          "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d", "#f1ce63", "#d4a6c8", "#fabfd2", "#d7b5a6",
                          "#79706e", "#bab0ac"]

    package func render(_ analysis: RunAnalysis) -> String {
        let run = analysis.run
        let title = "cachebench: \(Self.escape((run.project as NSString).lastPathComponent))"
        var body: [String] = []
        body.append("<h1>\(title)</h1>")
        body.append("<p>Run \(run.id ?? 0), \(Format.date(run.startedAt)), status <b>\(Self.escape(run.status.rawValue))</b>, "
                    + "\(analysis.iterations) iteration(s). Every build ran on a freshly started dockerd with an empty data root, "
                    + "like a new CI runner; each strategy's chain of builds shares only what it pushed to the registry.</p>")
        let runNotes = [PackageCacheNote.line(options: run.options), SharedMachineNote.line(options: run.options),
                        EngineStorageNote.line(options: run.options), PullThroughNote.line(options: run.options)].compactMap { $0 }
        if !runNotes.isEmpty { body.append("<p>" + runNotes.map(Self.escape).joined(separator: ".<br>") + ".</p>") }
        body.append("<h2>Wall time per CI run</h2>")
        body.append("<p>Mean wall seconds of each strategy's whole script (pulls, builds, pushes), with the 95% confidence "
                    + "interval over iterations as error bars.</p>")
        body.append(chart(analysis))
        body.append(table(analysis))
        let notes = IdealCacheReport.notes(analysis)
        if !notes.isEmpty { body.append("<ul>" + notes.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>") }
        body.append("<h2>Builders, images and caches</h2>")
        body.append("<pre>" + Self.escape(ProductsReport.lines(analysis).joined(separator: "\n")) + "</pre>")
        if let prediction = analysis.prediction { body.append(PredictionReport.html(prediction)) }
        body.append("<h2>Scripts, exactly as run</h2>")
        for strategy in analysis.strategies {
            guard let script = CIScript.script(strategy: strategy, analysis: analysis) else { continue }
            body.append("<h3><code>\(Self.escape(strategy))</code></h3><pre>\(Self.escape(script))</pre>")
        }
        body.append("<h2>Steps per build</h2>")
        for detail in analysis.builds where detail.build.status != .unavailable {
            body.append(steps(detail, analysis: analysis))
        }
        return Self.page(title: title, body: body)
    }

    /// The page around `body` (one element per line): the style every cachebench HTML output shares. `title` is
    /// HTML already.
    static func page(title: String, body: [String]) -> String {
        """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(title)</title>
            <style>
            body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
            table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
            td:first-child,th:first-child{text-align:left}pre{background:#f6f8fa;padding:1em;overflow-x:auto}
            .missed{color:#c0392b;font-weight:bold}.cached{color:#2e7d32}details{margin:.5em 0}
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
    }

    /// Grouped bars: one group per scenario, one bar per strategy, error bars for the 95 % interval.
    func chart(_ analysis: RunAnalysis) -> String {
        // Strategies with no bar (unavailable on an engine, or failed everywhere) stay out of the chart and its legend.
        let strategies = analysis.strategies.filter { strategy in
            analysis.scenarios.contains { analysis.cell(strategy, $0)?.wall != nil }
        }
        let scenarios = analysis.scenarios
        // The axis follows the means: an interval reaching past 1.5 times the largest mean (two iterations on a busy
        // machine) would flatten every bar, so it is drawn open at the top instead (no cap); its number is in the tables.
        let walls = analysis.cells.compactMap(\.wall)
        let largestMean = walls.map(\.mean).max() ?? 1
        let top = walls.map { min($0.mean + ($0.confidence95 ?? 0), 1.5 * largestMean) }.max() ?? 1
        let scale = Self.niceCeiling(top)
        let legend = Self.legendRows(strategies, from: 56.0, to: 960.0 - 16)
        let width = 960.0, height = 360.0, left = 56.0, bottom = 40.0, topMargin = 16.0
        let plotWidth = width - left - 16, plotHeight = height - bottom - topMargin
        let groupWidth = plotWidth / Double(max(scenarios.count, 1))
        let barWidth = min(36, groupWidth * 0.8 / Double(max(strategies.count, 1)))
        func y(_ seconds: Double) -> Double { topMargin + plotHeight * (1 - seconds / scale) }
        var svg: [String] = []
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height + 24 * Double(legend.rows)))\" "
                   + "role=\"img\" aria-label=\"mean wall seconds per scenario and strategy\" font-size=\"12\">")
        for tick in 0...5 {
            let value = scale * Double(tick) / 5
            svg.append("<line x1=\"\(left)\" x2=\"\(width - 16)\" y1=\"\(y(value))\" y2=\"\(y(value))\" stroke=\"#e5e5e5\"/>")
            svg.append("<text x=\"\(left - 6)\" y=\"\(y(value) + 4)\" text-anchor=\"end\">\(String(format: "%g", value)) s</text>")
        }
        for (g, scenario) in scenarios.enumerated() {
            let groupLeft = left + groupWidth * Double(g) + (groupWidth - barWidth * Double(strategies.count)) / 2
            for (s, strategy) in strategies.enumerated() {
                guard let wall = analysis.cell(strategy, scenario)?.wall else { continue }
                let x = groupLeft + barWidth * Double(s)
                let color = Self.palette[s % Self.palette.count]
                svg.append("<rect x=\"\(x)\" y=\"\(y(wall.mean))\" width=\"\(barWidth - 2)\" height=\"\(y(0) - y(wall.mean))\" "
                           + "fill=\"\(color)\"><title>\(Self.escape(strategy)) · \(Self.escape(scenario)): "
                           + "\(String(format: "%.1f", wall.mean)) s</title></rect>")
                if let ci = wall.confidence95 {
                    let cx = x + (barWidth - 2) / 2
                    let low = y(max(0, wall.mean - ci)), high = y(min(scale, wall.mean + ci))
                    svg.append("<line x1=\"\(cx)\" x2=\"\(cx)\" y1=\"\(low)\" y2=\"\(high)\" stroke=\"#222\"/>")
                    if wall.mean + ci <= scale {
                        svg.append("<line x1=\"\(cx - 4)\" x2=\"\(cx + 4)\" y1=\"\(high)\" y2=\"\(high)\" stroke=\"#222\"/>")
                    }
                    svg.append("<line x1=\"\(cx - 4)\" x2=\"\(cx + 4)\" y1=\"\(low)\" y2=\"\(low)\" stroke=\"#222\"/>")
                }
            }
            svg.append("<text x=\"\(left + groupWidth * (Double(g) + 0.5))\" y=\"\(height - bottom + 18)\" "
                       + "text-anchor=\"middle\">\(Self.escape(scenario))</text>")
        }
        for (s, strategy) in strategies.enumerated() {
            let (x, row) = legend.places[s]
            let rowY = height + 24 * Double(row)
            svg.append("<rect x=\"\(x)\" y=\"\(rowY + 6)\" width=\"12\" height=\"12\" fill=\"\(Self.palette[s % Self.palette.count])\"/>")
            svg.append("<text x=\"\(x + 16)\" y=\"\(rowY + 16)\">\(Self.escape(strategy))</text>")
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    /// Where each legend entry goes: left to right, a new row when the next would pass `right`.
    static func legendRows(_ labels: [String], from left: Double, to right: Double) -> (places: [(x: Double, row: Int)], rows: Int) {
        var places: [(x: Double, row: Int)] = []
        var x = left, row = 0
        for label in labels {
            let entryWidth = 24 + Double(label.count) * 7.5
            if x > left, x + entryWidth - 8 > right { x = left; row += 1 }
            places.append((x, row))
            x += entryWidth
        }
        return (places, row + 1)
    }

    func table(_ analysis: RunAnalysis) -> String {
        let speedups = analysis.speedups(reference: analysis.speedupReference)
        var rows = ["<table><tr><th>strategy</th>" + analysis.scenarios.map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr>"]
        for strategy in analysis.strategies {
            var row = "<tr><td><code>\(Self.escape(strategy))</code></td>"
            for scenario in analysis.scenarios {
                guard let cell = analysis.cell(strategy, scenario) else { row += "<td>-</td>"; continue }
                let steps = Format.steps(cell)
                let speedup = speedups.first { $0.strategy == strategy && $0.scenario == scenario }.map(Format.speedup)
                row += "<td>\(Self.escape(Format.wall(cell)))" + (steps.isEmpty ? "" : "<br><small>\(Self.escape(steps))</small>")
                    + (speedup.map { "<br><small>\(Self.escape($0))</small>" } ?? "") + "</td>"
            }
            rows.append(row + "</tr>")
        }
        return rows.joined(separator: "\n") + "</table>"
    }

    func steps(_ detail: StoredBuild, analysis: RunAnalysis) -> String {
        let b = detail.build
        var out = ["<details><summary><code>\(Self.escape(b.strategy))</code> · \(Self.escape(b.scenario)) · iteration \(b.iteration): "
                   + "\(Format.seconds(b.wallSeconds)), \(detail.cachedSteps)/\(detail.totalSteps) cached"
                   + (detail.missedSteps.isEmpty ? "" : ", <span class=\"missed\">\(detail.missedSteps.count) missed</span>")
                   + (b.status == .ok ? "" : " · <b>\(Self.escape(b.status.rawValue))</b>") + "</summary>"]
        if let error = b.error { out.append("<p class=\"missed\">\(Self.escape(error))</p>") }
        out.append("<table><tr><th>phase</th><th>command</th><th>s</th><th>exit</th></tr>")
        for phase in detail.phases {
            out.append("<tr><td>\(Self.escape(phase.kind.rawValue))</td><td><code>\(Self.escape(CIScript.commandLine(phase, build: detail)))</code></td>"
                       + "<td>\(String(format: "%.1f", phase.wallSeconds))</td><td>\(phase.exitCode)</td></tr>")
        }
        out.append("</table><table><tr><th>stage</th><th>#</th><th>instruction</th><th>cached</th><th>ideal</th><th>s</th></tr>")
        for step in detail.effectiveSteps {
            let cached = step.cached ? "<span class=\"cached\">yes</span>" : (step.missed ? "<span class=\"missed\">missed</span>" : "no")
            out.append("<tr><td>\(Self.escape(step.stage ?? ""))</td><td>\(step.stepIndex.map(String.init) ?? "")</td>"
                       + "<td><code>\(Self.escape(step.instruction))</code></td><td>\(cached)</td>"
                       + "<td>\(Self.escape(IdealCacheReport.ideal(step)))"
                       + (IdealCacheReport.verdict(step).map { "<br><span class=\"missed\">\(Self.escape($0))</span>" } ?? "") + "</td>"
                       + "<td>\(step.seconds.map { String(format: "%.1f", $0) } ?? "")</td></tr>")
        }
        out.append("</table></details>")
        return out.joined(separator: "\n")
    }

    /// 1, 2 or 5 times a power of ten, at or above `value`.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for step in [1.0, 2.0, 5.0, 10.0] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
