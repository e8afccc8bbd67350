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
        Runs the calibration builds (per builder: its calibration strategy through cold and no-change), stores them \
        as a run marked `calibration`, predicts every cell with a 95% interval, stores the prediction and prints the \
        tables, the ranking and the bandwidths at which the ranking flips.
        """
    )

    @Argument(help: "Project directory with a Dockerfile (and optionally cachebench.yml).")
    var directory: String = "."

    @Option(help: "Config file (default: DIR/cachebench.yml when present).")
    var config: String?

    @Option(help: "Comma-separated strategies to predict (default: every built-in strategy).")
    var strategies: String?

    @Option(help: "Comma-separated scenarios, in chain order (default: cachebench.yml's, else cold,no-change,source-change).")
    var scenarios: String?

    @Option(help: "Comma-separated networks to predict for: local, datacenter, cloud, office, slow or RATE:LATENCY (default: local).")
    var network: String = "local"

    @Option(help: "How often each scenario happens in your CI, e.g. no-change=1,source-change=8 (default: every non-cold scenario equally).")
    var weights: String?

    @Option(help: "Predict from this stored calibration run instead of building one.")
    var calibration: Int64?

    @Option(help: "Compare the prediction with this stored measured run, cell by cell, and link the two.")
    var measured: Int64?

    @Option(help: "Results database (default: DIR/.cachebench/results.sqlite).")
    var db: String?

    @Option(help: "Fixed port for the sandbox registry on 127.0.0.1 (default: a free one).")
    var registryPort: Int?

    @Option(help: "Debian mirror for debootstrap (default: the one your apt sources name).")
    var mirror: String?

    @Option(help: "Docker CLI to use instead of probing.")
    var dockerCli: String?

    @Option(help: "Seconds one command of a calibration build may run before it is stopped (default: 1800).")
    var phaseTimeout: Double = 1800

    func validate() throws {
        if Self.links(network) == nil {
            throw ValidationError("--network takes comma-separated local, datacenter, cloud, office, slow, or RATE:LATENCY such as 100mbit:15ms.")
        }
        if let weights, Recommendation.parseWeights(weights) == nil {
            throw ValidationError("--weights takes scenario=number pairs separated by commas, e.g. no-change=1,source-change=4.")
        }
        if !(phaseTimeout > 0) { throw ValidationError("--phase-timeout must be a positive number of seconds.") }
    }

    func run() async throws {
        var request = RunRequest(directory: directory, configFile: config, strategies: Self.list(strategies) ?? Strategy.builtIn.map(\.id),
                                 scenarios: Self.list(scenarios), iterations: 1, database: db, registryPort: registryPort,
                                 mirror: mirror, dockerCLI: dockerCli)
        request.phaseTimeout = phaseTimeout
        do {
            let prepared = try RunSession.prepare(request)
            let (result, store) = try await Self.predict(request, prepared: prepared, links: Self.links(network) ?? [],
                                                     weights: weights.flatMap(Recommendation.parseWeights), calibration: calibration)
            if let measured, let link = Self.links(network)?.first {
                _ = try store.run(id: measured)
                try Self.reportErrors(result, store: store, runId: measured,
                                      network: NetworkProfile(name: link.name, bytesPerSecond: link.bytesPerSecond, latency: link.latency))
            }
        } catch {
            throw failure(error)
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

    static func list(_ value: String?) -> [String]? {
        value.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
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
        let errors = PredictionReport.pair(cells: prediction.cells, network: (network ?? NetworkProfile.named[0]).name,
                                           builds: try store.builds(runId: runId))
        print("")
        print(PredictionReport.errors(errors), terminator: "")
    }
}
