import Foundation

/// One external program invocation: an argument array, never a shell string.
package struct Command: Sendable, Hashable, Codable {
    /// Absolute path of the executable, or a bare name looked up on PATH.
    package var executable: String
    package var arguments: [String]
    /// Variables set on top of the inherited environment.
    package var environment: [String: String]
    package var workingDirectory: String?

    package init(_ executable: String, _ arguments: [String] = [], environment: [String: String] = [:],
                 workingDirectory: String? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    /// `argv` as a user would type it: executable name first.
    package var argv: [String] { [executable] + arguments }

    /// A shell-pasteable rendering, with the environment overrides in front (for reports and scripts).
    package var shellLine: String {
        let env = environment.keys.sorted().map { "\($0)=\(ShellQuoting.quote(environment[$0]!))" }
        return (env + argv.map(ShellQuoting.quote)).joined(separator: " ")
    }
}

/// Which stream a line came from.
package enum OutputStream: String, Sendable, Codable {
    case stdout, stderr
}

/// One line of output, stamped with the seconds since the command started.
package struct OutputLine: Sendable, Equatable, Codable {
    package var stream: OutputStream
    /// Seconds since the command was started, measured while streaming.
    package var at: Double
    package var text: String

    package init(stream: OutputStream, at: Double, text: String) {
        self.stream = stream
        self.at = at
        self.text = text
    }
}

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

extension [OutputLine] {
    /// Appends `line` as `retention` says: always for `.all`; for `.tail(n)` only a line that is not blank,
    /// dropping the oldest beyond `n`.
    package mutating func keep(_ line: OutputLine, retaining retention: OutputRetention) {
        switch retention {
        case .all:
            append(line)
        case .tail(let count):
            guard !line.text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
            append(line)
            if self.count > count { removeFirst(self.count - count) }
        }
    }
}

package enum ShellQuoting {
    /// POSIX single-quote a word when it holds anything a shell would interpret.
    package static func quote(_ word: String) -> String {
        let safe = CharacterSet(charactersIn:
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,@%+")
        if !word.isEmpty, word.unicodeScalars.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
