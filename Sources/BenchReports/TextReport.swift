import BenchAnalysis
import Foundation

/// The terminal table `cachebench run` ends with.
package struct TextReport: Renderer {
    package init() {}

    package func render(_ analysis: RunAnalysis) -> String {
        var out: [String] = []
        let run = analysis.run
        out.append("run \(run.id ?? 0) · \(run.project) · \(Format.date(run.startedAt)) · \(run.status.rawValue) · \(analysis.iterations) iteration(s)")
        if let note = PackageCacheNote.line(options: run.options) { out.append(note) }
        if let note = SharedMachineNote.line(options: run.options) { out.append(note) }
        if let note = EngineStorageNote.line(options: run.options) { out.append(note) }
        if let note = PullThroughNote.line(options: run.options) { out.append(note) }
        out.append("wall seconds of each CI run (mean ± 95% CI over iterations) and steps served from cache")
        out.append("")
        var rows: [[String]] = [["strategy"] + analysis.scenarios]
        for strategy in analysis.strategies {
            var row = [strategy]
            for scenario in analysis.scenarios {
                guard let cell = analysis.cell(strategy, scenario) else { row.append("-"); continue }
                let steps = Format.steps(cell)
                row.append(steps.isEmpty ? Format.wall(cell) : "\(Format.wall(cell)) (\(steps))")
            }
            rows.append(row)
        }
        out.append(Format.table(rows))
        let speedups = analysis.speedups(reference: analysis.speedupReference)
        if !speedups.isEmpty {
            out.append("")
            out.append(Format.speedupHeading(analysis))
            for speedup in speedups { out.append("  " + Format.speedup(speedup)) }
        }
        let problems = analysis.cells.filter { $0.failed > 0 || $0.unavailable > 0 }
        if !problems.isEmpty {
            out.append("")
            for cell in problems {
                out.append("\(cell.strategy) · \(cell.scenario): \(cell.firstError ?? StoredBuildStatus.failed.rawValue)")
            }
        }
        let notes = IdealCacheReport.notes(analysis)
        if !notes.isEmpty {
            out.append("")
            out += notes
        }
        out.append("")
        out += ProductsReport.lines(analysis)
        let text = out.joined(separator: "\n") + "\n"
        return analysis.prediction.map { text + PredictionReport.text($0) } ?? text
    }
}
