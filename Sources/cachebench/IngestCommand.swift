import ArgumentParser
import BenchAnalysis
import BenchRunner
import Foundation
import ResultStore

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Record a real CI build's log (docker build or buildah) as a one-build run."
    )

    @Argument(help: "The build log.")
    var log: String

    @Option(help: "Strategy name to file it under.")
    var strategy: String = "ci"

    @Option(help: "Scenario name to file it under.")
    var scenario: String = "ci"

    @Option(help: "The build's wall time as your CI measured it, in seconds.")
    var wallSeconds: Double

    @Option(help: "Project directory to record (default: the current one).")
    var project: String = FileManager.default.currentDirectoryPath

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if wallSeconds < 0 { throw ValidationError("--wall-seconds must be 0 or more.") }
    }

    func run() throws {
        let parsed = try LogIngest.parse(logPath: log)
        let (run, build) = try LogIngest.store(parsed, strategy: strategy, scenario: scenario, wallSeconds: wallSeconds,
                                               project: project, into: try ResultStore(path: database.path()))
        print("ingested run \(run.id!): \(build.build.status.rawValue), \(build.cachedSteps)/\(build.totalSteps) steps cached, "
              + String(format: "%.1f s", wallSeconds))
    }
}
