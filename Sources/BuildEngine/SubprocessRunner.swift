import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Spawns real processes through swift-subprocess: stdout and stderr are read concurrently,
/// lines are stamped as they arrive, and every child is registered with `supervisor` so that a signal stops it.
package struct SubprocessRunner: ProcessRunner {
    package let supervisor: ProcessSupervisor

    package init(supervisor: ProcessSupervisor) { self.supervisor = supervisor }

    package func run(_ command: Command, retaining: OutputRetention,
                     onLine: @escaping @Sendable (OutputLine) -> Void) async throws -> CommandResult {
        let ticket = try supervisor.beginSpawn()
        defer { ticket.finish() }
        let collector = LineCollector(retaining: retaining, onLine: onLine)
        let clock = ContinuousClock()
        let start = clock.now
        let elapsed: @Sendable () -> Double = { Self.seconds(clock.now - start) }
        var platform = PlatformOptions()
        // Cancellation (Ctrl-C) stops the child: SIGTERM, then SIGKILL after 5 s.
        platform.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: .seconds(5))]
        let result: ExecutionResult<Void, SequenceOutput, SequenceOutput>
        do {
            result = try await Subprocess.run(
                Self.configuration(for: command, platform: platform),
                input: .none, output: .sequence, error: .sequence
            ) { execution in
                let pid = execution.processIdentifier.value
                ticket.adopt(pid, name: command.executable)
                defer { supervisor.remove(pid) }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        var splitter = LineSplitter()
                        for try await buffer in execution.standardOutput {
                            buffer.withUnsafeBytes { raw in
                                splitter.feed(raw) { collector.append(.stdout, elapsed(), $0) }
                            }
                        }
                        splitter.finish { collector.append(.stdout, elapsed(), $0) }
                    }
                    group.addTask {
                        var splitter = LineSplitter()
                        for try await buffer in execution.standardError {
                            buffer.withUnsafeBytes { raw in
                                splitter.feed(raw) { collector.append(.stderr, elapsed(), $0) }
                            }
                        }
                        splitter.finish { collector.append(.stderr, elapsed(), $0) }
                    }
                    try await group.waitForAll()
                }
            }
        } catch let error as SubprocessError {
            throw EngineError.cannotStart(command: command.executable, reason: "\(error)")
        }
        let exitCode: Int32
        switch result.terminationStatus {
        case .exited(let code): exitCode = Int32(code)
        case .signaled(let signal): exitCode = 128 + Int32(signal)
        }
        return CommandResult(command: command, exitCode: exitCode, wallSeconds: elapsed(), lines: collector.lines)
    }

    static func configuration(for command: Command, platform: PlatformOptions) -> Configuration {
        let executable: Executable = command.executable.contains("/")
            ? .path(FilePath(command.executable)) : .name(command.executable)
        var overrides: [Environment.Key: String?] = [:]
        for (key, value) in EngineEnvironment.overrides(for: command.environment) {
            overrides.updateValue(value, forKey: Environment.Key(stringLiteral: key))
        }
        return Configuration(
            executable: executable,
            arguments: Arguments(command.arguments),
            environment: .inherit.updating(overrides),
            workingDirectory: command.workingDirectory.map { FilePath($0) },
            platformOptions: platform
        )
    }

    package static func seconds(_ duration: Duration) -> Double {
        let (s, atto) = duration.components
        return Double(s) + Double(atto) / 1e18
    }
}
