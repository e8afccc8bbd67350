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

    @OptionGroup var output: FormatOption<PredictionDocument>

    @Option(name: [.short, .customLong("output")], help: "Write the prediction to FILE instead of stdout (written whole, or not at all).")
    var outputFile: String?

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
        let (result, store, predicted) = try await Self.predict(request, prepared: prepared, links: Self.links(network) ?? [],
                                                               weights: weights.flatMap(Recommendation.parseWeights),
                                                               calibration: calibration)
        var document = predicted
        if let measured {
            let run = try store.run(id: measured)
            try store.confirmPrediction(id: result.predictionId, runId: measured)
            document.comparison.measure(run: run, builds: try store.builds(runId: measured))
        }
        let format = output.format
        let stored = "stored as prediction \(result.predictionId) of calibration run \(result.calibrationRunId) in \(store.path)\n"
        if let outputFile {
            try Data(document.render(format).utf8).write(to: URL(fileURLWithPath: outputFile), options: .atomic)
            FileHandle.standardError.write(Data((stored + "prediction written to \(outputFile)\n").utf8))
        } else {
            print((format == .text ? "\n" : "") + document.render(format), terminator: "")
            if format == .text { print(stored, terminator: "") } else { FileHandle.standardError.write(Data(stored.utf8)) }
        }
    }

    /// Calibrates (unless `calibration` names a stored run), predicts and stores; shared with `run --confirm`.
    static func predict(_ request: RunRequest, prepared: RunSession.Prepared, links: [Link], weights: [String: Double]?,
                        calibration: Int64?) async throws -> (PredictionResult, ResultStore, PredictionDocument) {
        let store: ResultStore
        let runId: Int64
        if let calibration {
            // The prediction is stored beside its calibration: the database is opened for writing (openExisting is
            // read-only), after checking that it exists.
            _ = try ResultStore.openExisting(path: prepared.databasePath)
            store = try ResultStore(path: prepared.databasePath)
            runId = try store.run(id: calibration).id!
        } else {
            let printer = ProgressPrinter()
            CacheBench.trapSignals()
            let (outcome, opened) = try await PredictSession.calibrate(request, prepared: prepared, runner: CacheBench.runner) {
                printer.handle($0)
            }
            store = opened
            runId = outcome.runId
        }
        let result = try PredictSession.predict(store: store, calibrationRunId: runId, prepared: prepared, links: links,
                                                weights: weights)
        let whatIf = try PredictSession.cells(store: store, calibrationRunId: runId, prepared: prepared, spread: result.spread)
        let comparison = PredictionComparison(predictionId: result.predictionId, calibrationRunId: runId,
                                              spreadSource: result.spread.source, cells: result.cells)
        let document = PredictionDocument(project: prepared.project.directory.path, comparison: comparison,
                                          rankings: result.rankings, flips: result.flips(planner: whatIf), uncovered: result.uncovered)
        return (result, store, document)
    }

    static func links(_ text: String) -> [Link]? {
        let profiles = text.split(separator: ",").map { NetworkProfile.parse($0.trimmingCharacters(in: .whitespaces)) }
        guard !profiles.isEmpty, profiles.allSatisfy({ $0 != nil }) else { return nil }
        return profiles.compactMap { $0.map(Link.init) }
    }
}

extension PredictCommand {
    /// `run --confirm N`: calibrate and predict on the run's network, then narrow the plan to the leaders plus naive.
    /// The prediction is printed before the confirmation starts: on stdout when the run's report is text there,
    /// else on stderr, so that a Markdown or HTML report on stdout stays whole.
    static func confirming(_ request: RunRequest, prepared: RunSession.Prepared, top n: Int,
                           textOnStdout: Bool) async throws -> (RunSession.Prepared, PredictionResult) {
        let link = Link(request.network ?? NetworkProfile.named[0])
        let (prediction, store, document) = try await predict(request, prepared: prepared, links: [link], weights: nil, calibration: nil)
        let text = "\n" + document.render(.text)
            + "stored as prediction \(prediction.predictionId) of calibration run \(prediction.calibrationRunId) in \(store.path)\n"
        if textOnStdout { print(text, terminator: "") } else { FileHandle.standardError.write(Data(text.utf8)) }
        let confirmed = PredictSession.confirmation(of: prepared, prediction: prediction, top: n, link: link.name)
        let strategies = confirmed.plan.strategies.map(\.id).joined(separator: ", ")
        let chain = confirmed.plan.chain.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("confirming: \(strategies) through \(chain)\n".utf8))
        return (confirmed, prediction)
    }
}
