import ArgumentParser
import BenchAnalysis
import BenchReports
import BenchRunner
import Foundation
import ResultStore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a stored run as text, Markdown or JSON."
    )

    @Option(help: "Results database (default: ./.cachebench/results.sqlite).")
    var db: String = RunRequest.defaultDatabase(for: ".")

    @Option(name: .customLong("run"), help: "Run id, or `latest`.")
    var runID: String = "latest"

    @Option(help: "text, md, json, html or csv.")
    var format: OutputFormat = .text

    @Option(help: "Strategy every cell's speedup is measured against (not a run: see `compare --baseline`).")
    var speedupReference: String = "naive"

    @Option(name: .shortAndLong, help: "Write to FILE instead of stdout (written whole, or not at all).")
    var output: String?

    func validate() throws {
        if runID != "latest", Int64(runID) == nil { throw ValidationError("--run takes a run id or `latest`.") }
    }

    func run() throws {
        do {
            let store = try ResultStore.openExisting(path: db)
            let record = try Int64(runID).map { try store.run(id: $0) } ?? store.latestRun()
            var analysis = RunAnalysis(run: record, builds: try store.builds(runId: record.id!))
            try analysis.setSpeedupReference(speedupReference)
            var text = format.renderer.render(analysis)
            if format == .text { text += try PredictionReport.stored(store: store, runId: record.id!) }
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } else {
                print(text, terminator: "")
            }
        } catch {
            throw failure(error)
        }
    }
}
