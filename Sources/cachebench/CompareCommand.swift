import ArgumentParser
import BenchAnalysis
import BenchReports
import BenchRunner
import Foundation
import ResultStore

/// `--db FILE`, shared by the commands that read stored runs.
struct DatabaseOption: ParsableArguments {
    @Option(help: "Results database (default: ./.cachebench/results.sqlite).")
    var db: String = RunRequest.defaultDatabase(for: ".")

    func open() throws -> ResultStore { try ResultStore.openExisting(path: db) }
}

/// A run id or `latest`.
struct RunSelector: ExpressibleByArgument {
    var id: Int64?

    init?(argument: String) {
        if argument == "latest" { id = nil } else if let id = Int64(argument) { self.id = id } else { return nil }
    }

    func resolve(in store: ResultStore) throws -> RunAnalysis {
        let run = try id.map { try store.run(id: $0) } ?? store.latestRun()
        return RunAnalysis(run: run, builds: try store.builds(runId: run.id!))
    }
}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two runs cell by cell; exit 2 when a cell regressed beyond the threshold.",
        discussion: """
        Every cell shows its successful and failed builds on both sides; a cell whose failure rate rose is a \
        regression. A cell regresses when its mean wall time grew by more than --threshold percent and its \
        test says p < 0.05: Welch's t-test when both runs have two or more builds in the cell, the 95% \
        prediction interval when one side has a single build (an ingested CI build), and the threshold alone \
        with one build on each side ("single builds: no interval"). Each step is compared the same way, \
        matched by stage and instruction text (cached with cached, rebuilt with rebuilt), with p-values \
        adjusted by Benjamini-Hochberg over all steps tested, and a step must also be 0.5 s slower; a step that \
        regressed is a regression even when the whole build's noise hides it. Exit 2 on any regression.
        """
    )

    @OptionGroup var database: DatabaseOption

    @Option(help: "Baseline run id (or `latest`).")
    var baseline: RunSelector

    @Option(help: "Current run id (default: latest).")
    var current: RunSelector = RunSelector(argument: "latest")!

    @Option(help: "Smallest change, in percent, that counts.")
    var threshold: Double = 10

    @Option(help: "text, md or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if threshold < 0 { throw ValidationError("--threshold must be 0 or more.") }
        if format == .html || format == .csv { throw ValidationError("compare prints text, md or json; html and csv are for `cachebench report`.") }
    }

    func run() throws {
        let comparison: RunComparison
        do {
            let store = try database.open()
            comparison = RunComparison(baseline: try baseline.resolve(in: store), current: try current.resolve(in: store),
                                       thresholdPercent: threshold)
        } catch {
            throw failure(error)
        }
        print(ComparisonReport().render(comparison, format: format), terminator: "")
        if !comparison.regressions.isEmpty { throw ExitCode(CacheBenchExit.regression.rawValue) }
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every stored run, oldest first: mean wall seconds per strategy and scenario."
    )

    @OptionGroup var database: DatabaseOption

    @Option(help: "Only this strategy.")
    var strategy: String?

    @Option(help: "Only this scenario.")
    var scenario: String?

    @Option(help: "text, md or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if format == .html || format == .csv { throw ValidationError("history prints text, md or json; html and csv are for `cachebench report`.") }
    }

    func run() throws {
        do {
            let store = try database.open()
            let runs = try store.runs()
            guard !runs.isEmpty else { throw StoreError.noRuns(path: database.db) }
            let analyses = try runs.map { run -> RunAnalysis in
                let builds = try store.builds(runId: run.id!).filter {
                    (strategy == nil || $0.build.strategy == strategy) && (scenario == nil || $0.build.scenario == scenario)
                }
                return RunAnalysis(run: run, builds: builds)
            }
            print(HistoryReport().render(analyses, format: format), terminator: "")
        } catch {
            throw failure(error)
        }
    }
}
