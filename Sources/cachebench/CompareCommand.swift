import ArgumentParser
import BenchAnalysis
import BenchReports
import Foundation

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

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Baseline run id (or `latest`).")
    var baseline: RunSelector

    @Option(help: "Current run id (default: latest).")
    var current: RunSelector = .latest

    @Option(help: "Smallest change, in percent, that counts.")
    var threshold: Double = 10

    @OptionGroup var output: FormatOption<RunComparison>

    func validate() throws {
        if threshold < 0 { throw ValidationError("--threshold must be 0 or more.") }
    }

    func run() throws {
        let store = try database.open()
        let comparison = RunComparison(baseline: try baseline.resolve(in: store), current: try current.resolve(in: store),
                                       thresholdPercent: threshold)
        print(ComparisonReport(format: output.format).render(comparison), terminator: "")
        if !comparison.regressions.isEmpty { throw CommandFailure(.regression) }
    }
}
