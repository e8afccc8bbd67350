import ArgumentParser
import BenchAnalysis
import BenchRunner
import ResultStore

/// A run id or `latest` (the newest run that is not still running).
struct RunSelector: ExpressibleByArgument, Sendable {
    var id: Int64?

    static let latest = RunSelector(id: nil)

    init(id: Int64?) { self.id = id }

    init?(argument: String) {
        if argument == "latest" { id = nil } else if let id = Int64(argument) { self.id = id } else { return nil }
    }

    var defaultValueDescription: String { id.map(String.init) ?? "latest" }

    func record(in store: ResultStore) throws -> RunRecord {
        try id.map { try store.run(id: $0) } ?? store.latestRun()
    }

    func resolve(in store: ResultStore) throws -> RunAnalysis {
        let run = try record(in: store)
        return RunAnalysis(run: run, builds: try StoredScripts.builds(of: run, in: store))
    }
}
