import Foundation

/// Secret values (build args) replaced by `***` before anything is stored, printed or reported.
package struct Redaction: Sendable, Equatable {
    /// What a secret value becomes.
    package static let mask = "***"

    /// The values to hide, longest first, so that a secret containing another is hidden whole.
    package let secrets: [String]

    package init(secrets: [String]) {
        self.secrets = Array(Set(secrets.filter { !$0.isEmpty })).sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    package static let none = Redaction(secrets: [])

    package var isEmpty: Bool { secrets.isEmpty }

    /// `text` with every occurrence of every secret replaced by `***`.
    package func apply(_ text: String) -> String {
        secrets.reduce(text) { $1.isEmpty || !$0.contains($1) ? $0 : $0.replacingOccurrences(of: $1, with: Self.mask) }
    }

    package func apply(_ command: Command) -> Command {
        var redacted = command
        redacted.arguments = command.arguments.map(apply)
        redacted.environment = command.environment.mapValues(apply)
        return redacted
    }

    /// A command's result with its output and lines redacted.
    package func apply(_ result: CommandResult) -> CommandResult {
        guard !isEmpty else { return result }
        var redacted = result
        redacted.lines = result.lines.map { line in var line = line; line.text = apply(line.text); return line }
        return redacted
    }
}
