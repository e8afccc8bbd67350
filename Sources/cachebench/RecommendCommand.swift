import ArgumentParser
import BenchAnalysis
import BenchReports
import Foundation

extension CISystem: ExpressibleByArgument {}

struct RecommendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Rank a run's strategies by expected wall time per CI run and print the winner's CI job.",
        discussion: """
        Each iteration runs every chain, so each strategy gets one weighted total per iteration, \
        E = sum(weight x wall) / sum(weight); the expected time is their mean, with a 95% t-interval. The \
        leader is compared with the others by a paired t-test over iterations. A strategy with failed builds \
        is shown with its failure rate and is not recommended unless --allow-failures is given. When the \
        leaders cannot be told apart, it says how many iterations would show the observed difference.
        """
    )

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var selection: RunOption

    @Option(help: "How often each scenario happens in your CI, e.g. no-change=1,source-change=8,dependency-change=1 (default: every non-cold scenario of the run, equally).")
    var weights: String?

    @Flag(help: "Allow recommending a strategy some of whose builds failed.")
    var allowFailures = false

    @Option(help: "github, gitlab or bash.")
    var ci: CISystem = .bash

    @OptionGroup var output: FormatOption<Recommendation>

    func validate() throws {
        if let weights, Recommendation.parseWeights(weights) == nil {
            throw ValidationError("--weights takes scenario=number pairs separated by commas, e.g. no-change=1,source-change=4.")
        }
    }

    func run() throws {
        let analysis = try selection.selector.resolve(in: try database.open())
        let recommendation = Recommendation(analysis: analysis, weights: weights.flatMap(Recommendation.parseWeights),
                                            allowFailures: allowFailures)
        // FormatOption accepted only Recommendation.formats, each of which has a renderer.
        guard let renderer = RecommendationReport(format: output.format, ci: ci) else { throw CommandFailure(.usage) }
        print(renderer.render(recommendation), terminator: "")
    }
}
