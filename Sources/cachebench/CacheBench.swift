import ArgumentParser
import BenchRunner
import BuildEngine
import Foundation

@main
struct CacheBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cachebench",
        abstract: "Measure Docker build-cache strategies on fresh, empty CI-like engines.",
        discussion: """
        Exit codes: 0 success; 1 usage or environment error; 2 regression found; 3 a build in the run failed \
        (the run is still stored); 130 interrupted by Ctrl-C (143 SIGTERM, 129 SIGHUP): every engine stopped, \
        the run stored as interrupted (`run --resume RUN` finishes it).
        """,
        version: CacheBenchVersion.current,
        subcommands: [RunCommand.self, PredictCommand.self, ReportCommand.self, CompareCommand.self, HistoryCommand.self, RecommendCommand.self, IngestCommand.self, ImportUnsavedCommand.self, EngineCommand.self, DoctorCommand.self, DockerfileCommand.self, ParseLogCommand.self]
    )
}

/// Prints `error: <message>` on stderr and returns the documented exit code.
func failure(_ error: any Error, code: CacheBenchExit = .usage) -> ExitCode {
    // Ctrl-C already stopped everything; the work in flight fails as a consequence, which is not news.
    if ChildProcesses.shared.isStopping {
        // The signal handler is still stopping daemons and removing dirs: exiting now would cut it short.
        ChildProcesses.shared.waitForStop()
        return ExitCode(CacheBenchExit.interrupted.rawValue)
    }
    let message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode(code.rawValue)
}
