import Foundation

/// Helpers for generated scripts. Every word goes through `ShellQuoting.quote`, the one quoting function.
package enum Shell {
    /// True when `text` needs no quoting at all.
    static func isPlain(_ text: String) -> Bool { !text.isEmpty && ShellQuoting.quote(text) == text }

    /// The same word, its single-quoted runs cut after each `$` and backtick (`'$''(x)'`) and around each newline
    /// (`'a'"<newline>"'b'`), which changes nothing for the shell. Linters then see no expansion inside single quotes,
    /// and GitHub Actions no `${{` expression in a `run:` block.
    static func forReaders(_ quoted: String) -> String {
        guard quoted.hasPrefix("'") else { return quoted }
        return quoted.replacingOccurrences(of: "$", with: "$''").replacingOccurrences(of: "`", with: "`''")
            .replacingOccurrences(of: "\n", with: "'\"\n\"'")
    }

    /// A valid shell variable name: `[A-Za-z_][A-Za-z0-9_]*`.
    package static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }

    /// Comment text on one line: control characters (newlines included) become spaces.
    package static func comment(_ text: String) -> String {
        "# " + String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
            .replacingOccurrences(of: "${{", with: "$ {{")
    }
}
