import ArgumentParser
import BenchAnalysis
import BenchReports

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every stored run, oldest first: mean wall seconds per strategy and scenario."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Only this strategy.")
    var strategy: String?

    @Option(help: "Only this scenario.")
    var scenario: String?

    @OptionGroup var output: FormatOption<RunHistory>

    func run() throws {
        let history = try RunHistory(store: try database.open(), strategy: strategy, scenario: scenario)
        print(HistoryReport(format: output.format).render(history), terminator: "")
    }
}
