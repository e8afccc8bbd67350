import Foundation

/// Runs external programs: commands to completion, and daemons until stopped. The real one spawns
/// processes; tests replay captured output.
package protocol ProcessRunner: Sendable {
    /// Owns what this runner starts, and the clean-ups of what is built around it (temp dirs, namespaces):
    /// a signal stops them all.
    var supervisor: ProcessSupervisor { get }

    /// Runs `command` to completion. `onLine` sees every stdout/stderr line as it arrives; the result keeps the
    /// lines `retaining` asks for. A non-zero exit is a normal result; only failing to start throws.
    func run(_ command: Command, retaining: OutputRetention,
             onLine: @escaping @Sendable (OutputLine) -> Void) async throws -> CommandResult

    /// Starts a long-running `command` (dockerd, the registry) in a process group of its own, its stdout and
    /// stderr going to the file `logPath`; returns once it runs. `DaemonProcess.stop()` stops it, its group
    /// and what it spawned; the supervisor does the same on a signal. Only failing to start throws.
    func startDaemon(_ command: Command, logPath: String) async throws -> DaemonProcess
}

extension ProcessRunner {
    /// Runs `command` to completion, keeping every line in the result.
    package func run(_ command: Command, onLine: @escaping @Sendable (OutputLine) -> Void) async throws -> CommandResult {
        try await run(command, retaining: .all, onLine: onLine)
    }

    package func run(_ command: Command) async throws -> CommandResult {
        try await run(command, onLine: { _ in })
    }

    /// Runs with a deadline: past `timeout` seconds the child is cancelled (SIGTERM, then SIGKILL)
    /// and `EngineError.phaseTimedOut` is thrown.
    package func run(_ command: Command, timeout: Double, retaining: OutputRetention = .all,
                     onLine: @escaping @Sendable (OutputLine) -> Void = { _ in }) async throws -> CommandResult {
        try await withThrowingTaskGroup(of: CommandResult?.self) { group in
            group.addTask { try await self.run(command, retaining: retaining, onLine: onLine) }
            group.addTask {
                try await Task.sleep(for: .seconds(timeout))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let result = first else { throw EngineError.phaseTimedOut(seconds: Int(timeout.rounded())) }
            return result
        }
    }

    /// Runs and throws `EngineError.commandFailed` unless the exit code is 0.
    @discardableResult
    package func runChecked(_ command: Command, what: String, hint: String) async throws -> CommandResult {
        let result = try await run(command)
        guard result.succeeded else {
            throw EngineError.commandFailed(what: what, command: command.shellLine, exitCode: result.exitCode,
                                            tail: result.tail(), hint: hint)
        }
        return result
    }
}
