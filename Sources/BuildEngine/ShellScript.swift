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

/// One word of a script: literal text and shell variables, concatenated. Literals go through `ShellQuoting.quote`.
package struct ShellWord: Sendable, Equatable {
    package enum Part: Sendable, Equatable {
        case literal(String)
        /// A variable's value, expanded in double quotes; the name is checked by `ShellWord.init`.
        case variable(String)
    }

    package private(set) var parts: [Part]

    package init(_ literal: String) { parts = [.literal(literal)] }

    init(parts: [Part]) { self.parts = parts }

    /// `prefix`, then `$variable`, then `suffix`; nil when `variable` is not a variable name.
    package init?(_ prefix: String, variable: String, _ suffix: String) {
        guard Shell.isVariableName(variable) else { return nil }
        parts = [.literal(prefix), .variable(variable), .literal(suffix)].filter { $0 != .literal("") }
    }

    /// `text` with every occurrence of `sentinel` standing for `$variable`.
    package init(_ text: String, variable: String, at sentinel: String) {
        let pieces = text.components(separatedBy: sentinel)
        var parts: [Part] = []
        for (index, piece) in pieces.enumerated() {
            if index > 0, Shell.isVariableName(variable) { parts.append(.variable(variable)) }
            if !piece.isEmpty { parts.append(.literal(piece)) }
        }
        self.parts = parts.isEmpty ? [.literal("")] : parts
    }

    /// As printed: a plain literal bare, variables as `"$NAME"` (plain literals joined inside the double quotes),
    /// any other literal single-quoted.
    package var rendered: String {
        var out = ""
        var quoted = false
        for (index, part) in parts.enumerated() {
            switch part {
            case .variable(let name):
                if !quoted { out += "\""; quoted = true }
                let next = index + 1 < parts.count ? parts[index + 1] : nil
                let needsBraces: Bool
                if case .literal(let text)? = next, let first = text.unicodeScalars.first {
                    needsBraces = Shell.isVariableName("A" + String(first))
                } else {
                    needsBraces = false
                }
                out += needsBraces ? "${\(name)}" : "$\(name)"
            case .literal(let text):
                let quotedText = Shell.forReaders(ShellQuoting.quote(text))
                if quoted, quotedText == text {
                    out += text
                } else {
                    if quoted { out += "\""; quoted = false }
                    out += quotedText
                }
            }
        }
        return quoted ? out + "\"" : out
    }

    /// The argument the shell passes for this word, given the variables' values.
    package func value(_ variables: [String: String]) -> String {
        parts.map { part in
            switch part {
            case .literal(let text): return text
            case .variable(let name): return variables[name] ?? ""
            }
        }.joined()
    }
}

/// A script a user pastes into CI, as data: rendered once, by `bash`, so every word is quoted by `ShellQuoting.quote`.
/// The text is POSIX sh as well as bash, so GitLab's `sh` runners accept it too.
package struct ShellScript: Sendable, Equatable {
    package struct Line: Sendable, Equatable, Codable {
        package var words: [ShellWord]
        /// `|| true`: a pull of a tag that does not exist yet is normal on a cold run.
        package var allowFailure: Bool

        package init(_ words: [ShellWord], allowFailure: Bool = false) { self.words = words; self.allowFailure = allowFailure }
    }

    /// A variable the script needs from its environment.
    package struct Requirement: Sendable, Equatable, Codable {
        package var name: String
        /// What to set it to, in the error when it is missing (plain words and spaces only).
        package var hint: String
        /// Registries accept only lowercase repository names; `ghcr.io/Owner/Repo` must become lowercase.
        package var lowercase: Bool
        /// Exported, for a program that reads it from the environment (`--build-arg NAME` with no value).
        package var export: Bool

        package init(name: String, hint: String, lowercase: Bool = false, export: Bool = false) {
            self.name = name; self.hint = hint; self.lowercase = lowercase; self.export = export
        }
    }

    package var comments: [String]
    package var requirements: [Requirement]
    package var exports: [(name: String, value: String)]
    package var lines: [Line]

    package init(comments: [String], requirements: [Requirement], exports: [(name: String, value: String)], lines: [Line]) {
        self.comments = comments; self.requirements = requirements.filter { Shell.isVariableName($0.name) }
        self.exports = exports.filter { Shell.isVariableName($0.name) }; self.lines = lines
    }

    package static func == (a: ShellScript, b: ShellScript) -> Bool {
        a.comments == b.comments && a.requirements == b.requirements && a.lines == b.lines
            && a.exports.map(\.name) == b.exports.map(\.name) && a.exports.map(\.value) == b.exports.map(\.value)
    }

    /// The whole script, ready to save and run with bash (or sh).
    package var bash: String {
        var out = ["#!/usr/bin/env bash"] + comments.map(Shell.comment) + ["set -eu"]
        for requirement in requirements {
            let hint = requirement.hint.unicodeScalars.filter { $0 == " " || Shell.isPlain(String($0)) }
            out.append(": \"${\(requirement.name):?\(String(String.UnicodeScalarView(hint)))}\"")
            if requirement.lowercase {
                out.append("\(requirement.name)=$(printf '%s' \"$\(requirement.name)\" | tr '[:upper:]' '[:lower:]')")
            }
            if requirement.export { out.append("export \(requirement.name)") }
        }
        out += exports.map { "export \($0.name)=\(ShellQuoting.quote($0.value))" }
        out += lines.map { line in line.words.map(\.rendered).joined(separator: " ") + (line.allowFailure ? " || true" : "") }
        return out.joined(separator: "\n") + "\n"
    }
}
