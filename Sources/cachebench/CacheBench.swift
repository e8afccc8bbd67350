import ArgumentParser
import BenchRunner
import BuildEngine
import Foundation

@main
struct CacheBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cachebench",
        abstract: "Measure Docker build-cache strategies on fresh, empty CI-like engines.",
        discussion: "Exit codes: \(CacheBenchExit.table).",
        version: CacheBenchVersion.current,
        subcommands: [RunCommand.self, PredictCommand.self, ReportCommand.self, CompareCommand.self, HistoryCommand.self, RecommendCommand.self, IngestCommand.self, ImportUnsavedCommand.self, EngineCommand.self, DoctorCommand.self, DockerfileCommand.self, ParseLogCommand.self]
    )

    /// The process's one supervisor, and the only process-wide one: it owns every process and clean-up of the
    /// command, and the signal sources (`trapSignals`) stop it. Commands hand it down with their runner.
    static let supervisor = ProcessSupervisor()

    /// What commands start programs with: every child registered with `supervisor`.
    static var runner: SubprocessRunner { SubprocessRunner(supervisor: supervisor) }

    /// For commands that start processes: SIGINT, SIGTERM and SIGHUP cancel the command's task and stop
    /// everything it started (`ProcessSupervisor.stop`); the command then exits 128 + N.
    static func trapSignals(onSignal: @escaping @Sendable (Int32) -> Void = { _ in }) {
        SignalTrap.install(supervisor: supervisor, onSignal: onSignal)
    }

    /// ArgumentParser's `main`, with one error path: whatever a command throws, here or in `validate()`, ends in
    /// `exit(for:)`. An asynchronous command runs in a task of its own, which a signal cancels.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if let asynchronous = command as? AsyncParsableCommand {
                // Detached: the command runs off the main actor, as `run()` is nonisolated.
                let work = Task.detached {
                    var command = asynchronous
                    try await command.run()
                }
                supervisor.cancelOnStop(work)
                try await work.value
            } else {
                try command.run()
            }
            // A signal that came as the command finished: it still stopped everything, and says so.
            if supervisor.stopSignal != nil { exit(for: CancellationError()) }
        } catch {
            exit(for: error)
        }
    }

    /// The one way out after an error: help and version go to stdout (exit 0); anything else prints one line,
    /// `error: <what to do>`, on stderr and exits with its `CacheBenchExit` code.
    static func exit(for error: any Error) -> Never {
        // A signal stopped everything; the work in flight fails as a consequence, which is not news.
        if let signal = supervisor.stopSignal {
            // The stop may still be stopping daemons and removing dirs: exiting now would cut it short.
            supervisor.waitForStop()
            Foundation.exit((CacheBenchExit.stopped(by: signal) ?? .interrupted).rawValue)
        }
        let (code, message) = outcome(of: error)
        if code == .success { exit(withError: error) }  // --help, --version: ArgumentParser prints them
        if let message, !message.isEmpty { FileHandle.standardError.write(Data("error: \(oneLine(message))\n".utf8)) }
        Foundation.exit(code.rawValue)
    }

    /// The exit code of an error and the message to print, if any.
    static func outcome(of error: any Error) -> (CacheBenchExit, String?) {
        if let failure = error as? CommandFailure { return (failure.exit, failure.message) }
        let code = exitCode(for: error)
        // ArgumentParser's usage errors carry their message; an ExitCode thrown by a command was reported already.
        let exit = CacheBenchExit(rawValue: code.rawValue) ?? .failure
        guard exit == .usage else { return (exit, message(for: error)) }
        return (exit, message(for: error) + helpHint(fullMessage(for: error)))
    }

    /// ` (see 'cachebench compare --help')`, from the last line of ArgumentParser's usage text.
    static func helpHint(_ full: String) -> String {
        guard let line = full.split(separator: "\n").last(where: { $0.contains("See '") }),
              let open = line.range(of: "See '"), let close = line[open.upperBound...].firstIndex(of: "'") else { return "" }
        return " (see '\(line[open.upperBound..<close])')"
    }

    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}
