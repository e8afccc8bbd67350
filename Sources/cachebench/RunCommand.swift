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

    @Argument(help: "Project directory with a Dockerfile (and optionally cachebench.yml).")
    var directory: String = "."

    @Option(help: "Config file (default: DIR/cachebench.yml when present).")
    var config: String?

    @Option(help: "Comma-separated strategies: none, naive, single-tag, per-stage, inline, inline-per-stage, buildah-layers, registry-max, registry-min, inline-buildx, local, naive-legacy, single-tag-legacy, per-stage-legacy (default: naive,per-stage,inline).")
    var strategies: String?

    @Option(help: "Comma-separated scenarios, in chain order: cold, no-change, source-change, dependency-change, base-change (default: cold,no-change,source-change).")
    var scenarios: String?

    @Option(help: "How many times to run every chain (default: 1).")
    var iterations: Int?

    @Option(help: "File that source-change edits, relative to the context (default: inferred from the Dockerfile).")
    var sourceFile: String?

    @Option(help: "File that dependency-change edits, relative to the context (default: inferred).")
    var dependencyFile: String?

    @Option(help: "Results database (default: DIR/.cachebench/results.sqlite).")
    var db: String?

    @Option(help: "Fixed port for the sandbox registry on 127.0.0.1 (default: a free one).")
    var registryPort: Int?

    @Option(help: "Debian mirror for debootstrap and for fetching docker-26.1 (default: the one your apt sources name).")
    var mirror: String?

    @Option(help: "Docker CLI to use instead of probing.")
    var dockerCli: String?

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

    @Option(name: .customLong("engine"), help: "Engine to build on, repeatable: docker-26.1, docker-20.10 or path:DIR (default: the newest that can be had).")
    var engine: [String] = []

    @Flag(help: "Keep the run's registry storage in DIR/.cachebench/state.")
    var keepRegistry = false

    @Option(name: .customLong("format"), help: "Format of the final report: text, md, json, html or csv.")
    var format: OutputFormat = .text

    @Option(help: "Finish interrupted run RUN of the database: its finished chains are kept, each unfinished chain re-runs from its cold build.")
    var resume: Int64?
    @Option(help: "Predict first (one calibration build per builder), then measure only the N strategies predicted fastest, plus naive, and report each measured cell's prediction error.")
    var confirm: Int?

    @Option(help: "Seconds one command of a strategy (a build, pull or push) may run before it is stopped and its build stored as failed (default: 1800).")
    var phaseTimeout: Double = 1800

    func validate() throws {
        if let iterations, iterations < 1 { throw ValidationError("--iterations must be at least 1.") }
        if let confirm, confirm < 1 { throw ValidationError("--confirm takes the number of leading strategies to measure, at least 1.") }
        if !(phaseTimeout > 0) { throw ValidationError("--phase-timeout must be a positive number of seconds.") }
        if let registryPort, !(1...65535).contains(registryPort) { throw ValidationError("--registry-port must be 1-65535.") }
        if seed != nil, order == .fixed { throw ValidationError("--seed orders a shuffled run: drop it, or use --order shuffled.") }
        if let network, NetworkProfile.parse(network) == nil {
            throw ValidationError("--network takes local, datacenter, cloud, office, slow, or RATE:LATENCY such as 100mbit:15ms.")
        }
        // Exit 1 with cachebench's own one-line message, before anything starts (ArgumentParser's would exit 64).
        for name in engine {
            do { try EngineSpec(parsing: name).validate() } catch { throw failure(error) }
        }
    }

    func run() async throws {
        var request = RunRequest(directory: directory, configFile: config, strategies: list(strategies), scenarios: list(scenarios),
                                 iterations: iterations, sourceFile: sourceFile, dependencyFile: dependencyFile, database: db,
                                 registryPort: registryPort, mirror: mirror, dockerCLI: dockerCli, keepRegistry: keepRegistry,
                                 network: network.flatMap(NetworkProfile.parse))
        request.phaseTimeout = phaseTimeout
        request.resume = resume
        request.packageCache = packageCache
        request.shuffled = order == .shuffled
        request.seed = seed
        request.engines = try engine.map(EngineSpec.init(parsing:))
        var prepared: RunSession.Prepared
        var prediction: PredictionResult?
        do {
            request = try RunSession.resuming(request)
            prepared = try RunSession.prepare(request)
            if let confirm { (prepared, prediction) = try await PredictCommand.confirming(request, prepared: prepared, top: confirm) }
            let ids = prepared.plan.strategies.map(\.id)
            if speedupReference != "naive", !ids.contains(speedupReference) {
                throw UnknownReferenceError(reference: speedupReference, strategies: ids)
            }
        } catch {
            throw failure(error)
        }
        let printer = ProgressPrinter()
        SignalTrap.install()
        let (outcome, store): (RunOutcome, ResultStore)
        do {
            (outcome, store) = try await RunSession.execute(request, prepared: prepared) { printer.handle($0) }
        } catch {
            throw failure(error)
        }
        var analysis = RunAnalysis(run: try store.run(id: outcome.runId), builds: try store.builds(runId: outcome.runId))
        if analysis.strategies.contains(speedupReference) { analysis.speedupReference = speedupReference }
        print("")
        print(format.renderer.render(analysis), terminator: "")
        if let prediction { try PredictCommand.reportErrors(prediction, store: store, runId: outcome.runId, network: request.network) }
        if outcome.unsavedBuilds > 0 {
            FileHandle.standardError.write(Data("error: \(outcome.unsavedBuilds) build(s) could not be stored in the database and are missing from this report; their data is kept as JSON in \(store.unsavedDirectory.path): once the cause is fixed, `cachebench import-unsaved \(store.unsavedDirectory.path)/*.json --db \(store.path)` stores them.\n".utf8))
            throw ExitCode(CacheBenchExit.usage.rawValue)
        }
        if outcome.failedBuilds > 0 {
            FileHandle.standardError.write(Data("error: \(outcome.failedBuilds) build(s) failed; the run is stored as run \(outcome.runId): `cachebench report --run \(outcome.runId) --format md` shows their errors.\n".utf8))
            throw ExitCode(CacheBenchExit.buildFailed.rawValue)
        }
    }

    /// `--order`.
    enum PlanOrderName: String, ExpressibleByArgument, CaseIterable {
        case shuffled, fixed
    }

    private func list(_ value: String?) -> [String]? {
        value.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }
}


extension PackageCacheMode: ExpressibleByArgument {}
