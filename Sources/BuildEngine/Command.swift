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
