import ArgumentParser
import Foundation
import ResultStore

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
