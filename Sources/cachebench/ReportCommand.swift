import ArgumentParser
import BenchAnalysis
import BenchReports
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a stored run as text, Markdown, JSON, HTML or CSV."
    )

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var selection: RunOption

    @OptionGroup var output: FormatOption<RunAnalysis>

    @Option(help: "Strategy every cell's speedup is measured against (not a run: see `compare --baseline`).")
    var speedupReference: String = "naive"

    @Option(name: [.short, .customLong("output")], help: "Write to FILE instead of stdout (written whole, or not at all).")
    var outputFile: String?

    func run() throws {
        let store = try database.open()
        var analysis = try selection.selector.resolve(in: store)
        try analysis.setSpeedupReference(speedupReference)
        analysis.prediction = try PredictionComparison.stored(store: store, runId: analysis.run.id!)
        let text = output.format.renderer.render(analysis)
        if let outputFile {
            try Data(text.utf8).write(to: URL(fileURLWithPath: outputFile), options: .atomic)
        } else {
            print(text, terminator: "")
        }
    }
}
