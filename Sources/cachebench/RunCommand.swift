import ArgumentParser
import BenchAnalysis
import BenchReports
import BenchRunner
import BuildEngine
import Foundation
import ResultStore

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Benchmark caching strategies on a project, each build on a fresh engine with an empty cache."
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: "How many times to run every chain (default: 1).")
    var iterations: Int?

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var engine: EngineOptions

    @Option(help: "Network between engines and the registry: local (default), datacenter, cloud, office, slow, or RATE:LATENCY such as 100mbit:15ms.")
    var network: String?

    @Option(help: "Builds' own http downloads (apt): on (default) serves them from a caching proxy kept in ~/.cache/cachebench/package-cache; off measures against the real internet.")
    var packageCache: PackageCacheMode = .on

    @Option(help: "Order of the strategies within each chain position: shuffled (default, anew every iteration) or fixed.")
    var order: PlanOrderName = .shuffled

    @Option(help: "Seed of the shuffled order (default: a random one, printed and stored with the run).")
    var seed: UInt64?

    @Option(help: "Strategy every cell's speedup is measured against in the final report.")
    var speedupReference: String = "naive"

    @Flag(help: "Keep the run's registry storage in DIR/.cachebench/state.")
    var keepRegistry = false

    @OptionGroup var output: FormatOption<RunAnalysis>

    @Option(name: [.short, .customLong("output")], help: "Write the final report to FILE instead of stdout (written whole, or not at all).")
    var outputFile: String?

    @Option(help: "Finish interrupted run RUN of the database: its finished chains are kept, each unfinished chain re-runs from its cold build.")
    var resume: Int64?
    @Option(help: "Predict first (one calibration build per builder), then measure only the N strategies predicted fastest, plus naive, and report each measured cell's prediction error.")
    var confirm: Int?

    func validate() throws {
        if let iterations, iterations < 1 { throw ValidationError("--iterations must be at least 1.") }
        if let confirm, confirm < 1 { throw ValidationError("--confirm takes the number of leading strategies to measure, at least 1.") }
        if seed != nil, order == .fixed { throw ValidationError("--seed orders a shuffled run: drop it, or use --order shuffled.") }
        if let network, NetworkProfile.parse(network) == nil {
            throw ValidationError("--network takes local, datacenter, cloud, office, slow, or RATE:LATENCY such as 100mbit:15ms.")
        }
    }

    /// What the flags ask for, as the runner takes it.
    func request() throws -> RunRequest {
        var request = RunRequest(directory: project.directory, configFile: project.config, strategies: project.strategyList,
                                 scenarios: project.scenarioList, iterations: iterations, sourceFile: project.sourceFile,
                                 dependencyFile: project.dependencyFile, database: database.db, keepRegistry: keepRegistry,
                                 network: network.flatMap(NetworkProfile.parse))
        try engine.apply(to: &request)
        request.resume = resume
        request.packageCache = packageCache
        request.shuffled = order == .shuffled
        request.seed = seed
        return request
    }

    func run() async throws {
        var request = try request()
        var prepared: RunSession.Prepared
        var prediction: PredictionResult?
        request = try RunSession.resuming(request)
        prepared = try RunSession.prepare(request)
        if let confirm { (prepared, prediction) = try await PredictCommand.confirming(request, prepared: prepared, top: confirm,
                                                                                             textOnStdout: output.format == .text && outputFile == nil) }
        let ids = prepared.plan.strategies.map(\.id)
        if speedupReference != "naive", !ids.contains(speedupReference) {
            throw UnknownReferenceError(reference: speedupReference, strategies: ids)
        }
        let printer = ProgressPrinter()
        CacheBench.trapSignals()
        let (outcome, store) = try await RunSession.execute(request, prepared: prepared, runner: CacheBench.runner) { printer.handle($0) }
        let finished = try store.run(id: outcome.runId)
        var analysis = RunAnalysis(run: finished, builds: try StoredScripts.builds(of: finished, in: store))
        if analysis.strategies.contains(speedupReference) { analysis.speedupReference = speedupReference }
        if let prediction {
            // The prediction is linked to this run, so the report (and a later `report`) shows every measured cell's error.
            try store.confirmPrediction(id: prediction.predictionId, runId: outcome.runId)
            analysis.prediction = try PredictionComparison.stored(store: store, runId: outcome.runId)
        }
        let report = output.format.renderer.render(analysis)
        if let outputFile {
            try Data(report.utf8).write(to: URL(fileURLWithPath: outputFile), options: .atomic)
            FileHandle.standardError.write(Data("report written to \(outputFile)\n".utf8))
        } else {
            print("")
            print(report, terminator: "")
        }
        if outcome.unsavedBuilds > 0 {
            throw CommandFailure(.failure, "\(outcome.unsavedBuilds) build(s) could not be stored in the database and are missing from this report; their data is kept as JSON in \(store.unsavedDirectory.path): once the cause is fixed, `cachebench import-unsaved \(store.unsavedDirectory.path)/*.json --db \(store.path)` stores them.")
        }
        if outcome.failedBuilds > 0 {
            throw CommandFailure(.buildFailed, "\(outcome.failedBuilds) build(s) failed; the run is stored as run \(outcome.runId): `cachebench report --run \(outcome.runId) --format md` shows their errors.")
        }
    }

    /// `--order`.
    enum PlanOrderName: String, ExpressibleByArgument, CaseIterable {
        case shuffled, fixed
    }
}

extension PackageCacheMode: ExpressibleByArgument {}
extension EngineStorage: ExpressibleByArgument {}
