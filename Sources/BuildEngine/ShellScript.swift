import Foundation

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
