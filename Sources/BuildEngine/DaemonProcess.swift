import Foundation

/// A long-running child (dockerd, the registry) started by a `ProcessRunner` (`startDaemon`), its output
/// going to a log file. `stop()` stops it together with what it spawned; the runner decides how (a real
/// process group, or a replayed daemon in tests).
package final class DaemonProcess: Sendable {
    package let command: Command
    package let logPath: String
    /// The process's pid; 0 for a daemon that has no process (a replayed one).
    package let pid: pid_t
    private let control: any DaemonControl

    package init(command: Command, logPath: String, pid: pid_t, control: any DaemonControl) {
        self.command = command
        self.logPath = logPath
        self.pid = pid
        self.control = control
    }

    package var isRunning: Bool { control.isRunning }
    /// Exit code once the process has ended on its own (128 + N for a signal).
    package var exited: Int32? { control.exitCode }

    /// Stops the daemon (SIGTERM, up to `timeout` seconds, then SIGKILL to its group and every descendant)
    /// and waits until it is gone. Safe to call twice.
    package func stop(timeout: Double = 20) async { await control.stop(timeout: timeout) }

    /// The last non-empty lines of the log, for error messages.
    package func logTail(_ count: Int = 3) -> String {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return "(no log)" }
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        return lines.suffix(count).joined(separator: " | ")
    }
}
