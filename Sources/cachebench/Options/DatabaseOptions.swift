import ArgumentParser
import BenchRunner
import ResultStore

/// `--db FILE`, for every command that reads or writes the results database.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "Results database (default: .cachebench/results.sqlite in the project directory: DIR for run and predict, the current directory for the others).")
    var db: String?

    /// The database of a project in `directory` (the current one for commands that take none).
    func path(project directory: String = ".") -> String { db ?? RunRequest.defaultDatabase(for: directory) }

    /// The existing database, opened read-only; a missing file is an error that says so.
    func open() throws -> ResultStore { try ResultStore.openExisting(path: path()) }
}
