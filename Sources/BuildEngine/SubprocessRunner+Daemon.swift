import Foundation
import Subprocess
import Synchronization
#if canImport(System)
import System
#else
import SystemPackage
#endif
#if canImport(Glibc)
import Glibc
#endif

extension SubprocessRunner {
    /// Spawns `command` in a process group of its own, its output appended to `logPath` (created, truncated),
    /// and returns once its pid is known and registered with the supervisor as a group leader.
    package func startDaemon(_ command: Command, logPath: String) async throws -> DaemonProcess {
        let ticket = try supervisor.beginSpawn()
        defer { ticket.finish() }
        let fd = try FileDescriptor.open(FilePath(logPath), .writeOnly,
                                         options: [.create, .truncate], permissions: [.ownerReadWrite, .groupRead])
        var platform = PlatformOptions()
        platform.processGroupID = 0
        let config = Self.configuration(for: command, platform: platform)
        let state = SpawnedDaemon.State()
        let started = AsyncStream<Result<pid_t, any Error>>.makeStream()
        let task = Task.detached {
            do {
                let result = try await Subprocess.run(
                    config, input: .none,
                    output: .fileDescriptor(fd, closeAfterSpawningProcess: true),
                    error: .combinedWithOutput
                ) { execution in
                    let pid = execution.processIdentifier.value
                    // Registered before the spawn counts as done: a signal from now on stops its group.
                    ticket.adopt(pid, name: command.executable, daemon: true)
                    started.continuation.yield(.success(pid))
                    // Hold the execution open until asked to stop or the process dies by itself.
                    while !state.stopRequested && ProcessState.isAlive(pid) {
                        try? await Task.sleep(for: .milliseconds(100))
                    }
                }
                switch result.terminationStatus {
                case .exited(let code): state.exitCode = Int32(code)
                case .signaled(let signal): state.exitCode = 128 + Int32(signal)
                }
            } catch {
                ticket.finish()
                started.continuation.yield(.failure(error))
            }
            started.continuation.finish()
        }
        for await outcome in started.stream {
            switch outcome {
            case .success(let pid):
                let control = SpawnedDaemon(pid: pid, state: state, task: task, supervisor: supervisor)
                return DaemonProcess(command: command, logPath: logPath, pid: pid, control: control)
            case .failure(let error):
                throw EngineError.cannotStart(command: command.executable, reason: "\(error)")
            }
        }
        throw EngineError.cannotStart(command: command.executable, reason: "no process was created")
    }
}
