import Foundation

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
