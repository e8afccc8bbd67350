import ArgumentParser
import BenchAnalysis
import BenchReports
import BenchRunner
import BuildEngine
import Foundation
import ResultStore

struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict every strategy × scenario × network cell from one instrumented cold build per builder.",
        discussion: """
        Runs the calibration builds (per builder: its calibration strategy through cold and no-change) on the engine \
        --engine names (default: the newest that can be had), stores them as a run marked `calibration`, predicts \
        every cell with a 95% interval, stores the prediction and prints the tables, the ranking and the bandwidths \
        at which the ranking flips.
        """
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: "Comma-separated networks to predict for: local, datacenter, cloud, office, slow or RATE:LATENCY (default: local).")
    var network: String = "local"

    @Option(help: "How often each scenario happens in your CI, e.g. no-change=1,source-change=8 (default: every non-cold scenario equally).")
    var weights: String?

    @Option(help: "Predict from this stored calibration run instead of building one.")
    var calibration: Int64?

    @Option(help: "Compare the prediction with this stored measured run, cell by cell, and link the two.")
    var measured: Int64?

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var engine: EngineOptions

    func validate() throws {
        if Self.links(network) == nil {
            throw ValidationError("--network takes comma-separated local, datacenter, cloud, office, slow, or RATE:LATENCY such as 100mbit:15ms.")
        }
        if let weights, Recommendation.parseWeights(weights) == nil {
            throw ValidationError("--weights takes scenario=number pairs separated by commas, e.g. no-change=1,source-change=4.")
        }
        // One calibration per builder: builds of two engines would be mixed into one builder's rates.
        if engine.engines.count > 1 {
            throw ValidationError("predict calibrates on one engine: pass --engine once (run `predict` again for another engine).")
        }
        if calibration != nil, !engine.engines.isEmpty {
            throw ValidationError("--engine chooses where the calibration builds run; --calibration reuses a stored one: drop one of them.")
        }
    }

    /// What the flags ask for: every built-in strategy unless `--strategies` or cachebench.yml narrow it, one iteration.
    func request() throws -> RunRequest {
        var request = RunRequest(directory: project.directory, configFile: project.config,
                                 strategies: project.strategyList ?? Strategy.builtIn.map(\.id), scenarios: project.scenarioList,
                                 iterations: 1, sourceFile: project.sourceFile, dependencyFile: project.dependencyFile,
                                 database: database.db)
        try engine.apply(to: &request)
        return request
    }

    func run() async throws {
        let request = try request()
        let prepared = try RunSession.prepare(request)
        let (result, store) = try await Self.predict(request, prepared: prepared, links: Self.links(network) ?? [],
                                                     weights: weights.flatMap(Recommendation.parseWeights), calibration: calibration)
        if let measured, let link = Self.links(network)?.first {
            _ = try store.run(id: measured)
            try Self.reportErrors(result, store: store, runId: measured,
                                  network: NetworkProfile(name: link.name, bytesPerSecond: link.bytesPerSecond, latency: link.latency))
        }
    }

    /// Calibrates (unless `calibration` names a stored run), predicts, stores and prints; shared with `run --confirm`.
    static func predict(_ request: RunRequest, prepared: RunSession.Prepared, links: [Link], weights: [String: Double]?,
                        calibration: Int64?) async throws -> (PredictionResult, ResultStore) {
        let store: ResultStore
        let runId: Int64
        if let calibration {
            store = try ResultStore.openExisting(path: prepared.databasePath)
            runId = try store.run(id: calibration).id!
        } else {
            let printer = ProgressPrinter()
            SignalTrap.install()
            let (outcome, opened) = try await PredictSession.calibrate(request, prepared: prepared) { printer.handle($0) }
            store = opened
            runId = outcome.runId
        }
        let result = try PredictSession.predict(store: store, calibrationRunId: runId, prepared: prepared, links: links,
                                                weights: weights)
        let whatIf = try PredictSession.cells(store: store, calibrationRunId: runId, prepared: prepared, spread: result.spread)
        print("")
        print(PredictionReport.tables(cells: result.cells, links: links.map(\.name), calibrationRunId: runId), terminator: "")
        print("intervals: \(result.spread.source)")
        for line in result.uncovered { print("not predicted: \(line)") }
        print(PredictionReport.recommendation(rankings: result.rankings, flips: result.flips(planner: whatIf)), terminator: "")
        print("stored as prediction \(result.predictionId) of calibration run \(runId) in \(store.path)")
        return (result, store)
    }

    static func links(_ text: String) -> [Link]? {
        let profiles = text.split(separator: ",").map { NetworkProfile.parse($0.trimmingCharacters(in: .whitespaces)) }
        guard !profiles.isEmpty, profiles.allSatisfy({ $0 != nil }) else { return nil }
        return profiles.compactMap { $0.map(Link.init) }
    }
}

extension PredictCommand {
    /// `run --confirm N`: calibrate and predict on the run's network, then narrow the plan to the leaders plus naive.
    static func confirming(_ request: RunRequest, prepared: RunSession.Prepared,
                           top n: Int) async throws -> (RunSession.Prepared, PredictionResult) {
        let link = Link(request.network ?? NetworkProfile.named[0])
        let (prediction, _) = try await predict(request, prepared: prepared, links: [link], weights: nil, calibration: nil)
        let confirmed = PredictSession.confirmation(of: prepared, prediction: prediction, top: n, link: link.name)
        let strategies = confirmed.plan.strategies.map(\.id).joined(separator: ", ")
        let chain = confirmed.plan.chain.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("confirming: \(strategies) through \(chain)\n".utf8))
        return (confirmed, prediction)
    }

    /// Prints every measured cell's prediction error and links the prediction to the run that measured it.
    static func reportErrors(_ prediction: PredictionResult, store: ResultStore, runId: Int64, network: NetworkProfile?) throws {
        try store.confirmPrediction(id: prediction.predictionId, runId: runId)
        let errors = PredictionError.pair(cells: prediction.cells, network: (network ?? NetworkProfile.named[0]).name,
                                           builds: try store.builds(runId: runId))
        print("")
        print(PredictionReport.errors(errors), terminator: "")
    }
}
