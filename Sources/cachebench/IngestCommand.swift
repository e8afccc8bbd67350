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

struct ImportUnsavedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-unsaved",
        abstract: "Store builds that a run could not insert (disk full, database busy) and kept as JSON next to the database."
    )

    @Argument(help: "The JSON files, from the unsaved-builds directory next to the database.")
    var files: [String]

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        // The builds belong to runs of an existing database: never create one here.
        let path = database.path()
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.noRuns(path: path) }
        let store = try ResultStore(path: path)
        for file in files {
            let (buildId, runId) = try store.importUnsaved(URL(fileURLWithPath: file))
            print("stored build \(buildId) of run \(runId) from \(file)")
        }
    }
}
