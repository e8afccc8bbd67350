import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A long-running child (dockerd, the registry) in its own process group, its output going to a log file.
/// `stop()` sends SIGTERM, waits, then SIGKILLs the whole group, so nothing it spawned outlives it.
package final class DaemonProcess: @unchecked Sendable {
    package let command: Command
    package let logPath: String
    private let lock = NSLock()
    private var pidValue: pid_t = 0
    private var stopRequested = false
    private var exitCode: Int32?
    private var task: Task<Void, Never>?

    package init(command: Command, logPath: String) {
        self.command = command
        self.logPath = logPath
    }

    package var pid: pid_t { lock.withLock { pidValue } }
    package var isRunning: Bool { ProcessState.isAlive(pid) }
    /// Exit code once the process has ended on its own.
    package var exited: Int32? { lock.withLock { exitCode } }

    /// Spawns the process and returns once its pid is known.
    package func start() async throws {
        let ticket = try ChildProcesses.shared.beginSpawn()
        defer { ticket.finish() }
        let fd = try FileDescriptor.open(FilePath(logPath), .writeOnly,
                                         options: [.create, .truncate], permissions: [.ownerReadWrite, .groupRead])
        var platform = PlatformOptions()
        platform.processGroupID = 0
        let config = SubprocessRunner.configuration(for: command, platform: platform)
        let started = AsyncStream<Result<pid_t, any Error>>.makeStream()
        task = Task.detached { [self] in
            do {
                let result = try await Subprocess.run(
                    config, input: .none,
                    output: .fileDescriptor(fd, closeAfterSpawningProcess: true),
                    error: .combinedWithOutput
                ) { execution in
                    let pid = execution.processIdentifier.value
                    // Registered before the spawn counts as done: a Ctrl-C from now on stops its group.
                    ticket.adopt(pid, name: self.command.executable, daemon: true)
                    self.lock.withLock { self.pidValue = pid }
                    started.continuation.yield(.success(pid))
                    // Hold the execution open until asked to stop or the process dies by itself.
                    while !self.lock.withLock({ self.stopRequested }) && ProcessState.isAlive(pid) {
                        try? await Task.sleep(for: .milliseconds(100))
                    }
                }
                let code: Int32
                switch result.terminationStatus {
                case .exited(let c): code = Int32(c)
                case .signaled(let s): code = 128 + Int32(s)
                }
                self.lock.withLock { self.exitCode = code }
            } catch {
                ticket.finish()
                started.continuation.yield(.failure(error))
            }
            started.continuation.finish()
        }
        for await outcome in started.stream {
            switch outcome {
            case .success:
                return
            case .failure(let error):
                throw EngineError.cannotStart(command: command.executable, reason: "\(error)")
            }
        }
        throw EngineError.cannotStart(command: command.executable, reason: "no process was created")
    }

    /// SIGTERM, wait up to `timeout`, then SIGKILL the process group. Safe to call twice.
    package func stop(timeout: Double = 20) async {
        let pid = lock.withLock { () -> pid_t in stopRequested = true; return pidValue }
        if pid > 0 {
            await Task.detached { Self.terminate(pid: pid, timeout: timeout) }.value
        }
        await task?.value
        if pid > 0 { ChildProcesses.shared.remove(pid) }
    }

    /// Stops the process, its group (a supervised containerd, say) and every descendant that left
    /// the group (containerd's shims), and waits until they are gone.
    static func terminate(pid: pid_t, timeout: Double) {
        ProcessTree.stop(pids: [], groupLeaders: [pid], graceSeconds: timeout)
    }

    /// The last non-empty lines of the log, for error messages.
    package func logTail(_ count: Int = 3) -> String {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return "(no log)" }
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        return lines.suffix(count).joined(separator: " | ")
    }
}
