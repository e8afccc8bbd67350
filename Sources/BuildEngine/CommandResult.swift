import Foundation

/// What a finished command left behind.
package struct CommandResult: Sendable, Equatable {
    package var command: Command
    /// Exit code; a signal death is reported as 128 + signal number, as shells do.
    package var exitCode: Int32
    package var wallSeconds: Double
    /// stdout and stderr lines in arrival order.
    package var lines: [OutputLine]

    package init(command: Command, exitCode: Int32, wallSeconds: Double, lines: [OutputLine]) {
        self.command = command
        self.exitCode = exitCode
        self.wallSeconds = wallSeconds
        self.lines = lines
    }

    package var succeeded: Bool { exitCode == 0 }

    /// All output as text, one line per entry.
    package var output: String { lines.map(\.text).joined(separator: "\n") }

    /// The last non-empty lines of output, for error messages.
    package func tail(_ count: Int = 3) -> String {
        lines.map(\.text).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .suffix(count).joined(separator: " | ")
    }
}
