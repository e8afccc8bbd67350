/// The bits of BuildKit's shell lexer the model needs: raw word splitting (heredoc detection),
/// quote removal and `$VAR` / `${VAR:-default}` expansion.
enum ShellWords {
    /// Splits on unquoted whitespace, keeping quotes and escapes in the words.
    static func rawWords(_ line: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var inWord = false
        var quote: Unicode.Scalar?
        var escaped = false
        for scalar in line.unicodeScalars {
            if escaped {
                current.append(scalar)
                escaped = false
                continue
            }
            if let open = quote {
                current.append(scalar)
                if scalar == "\\" && open == "\"" {
                    escaped = true
                } else if scalar == open {
                    quote = nil
                }
                continue
            }
            switch scalar {
            case " ", "\t", "\n", "\r":
                if inWord { words.append(String(current)) }
                current = String.UnicodeScalarView()
                inWord = false
            case "\\":
                current.append(scalar)
                escaped = true
                inWord = true
            case "'", "\"":
                current.append(scalar)
                quote = scalar
                inWord = true
            default:
                current.append(scalar)
                inWord = true
            }
        }
        if inWord { words.append(String(current)) }
        return words
    }

    /// Removes quotes and backslash escapes from one word, without expanding variables.
    static func removingQuotes(_ word: String, escape: Unicode.Scalar = "\\") -> String {
        expand(word, variables: nil, escape: escape)
    }

    /// Expands `$NAME`, `${NAME}`, `${NAME:-x}`, `${NAME-x}`, `${NAME:+x}`, `${NAME+x}` and removes
    /// quotes, as BuildKit does for FROM, ARG defaults and COPY sources. Unset names expand to
    /// the empty string. With `variables` nil, `$` is kept literally.
    static func expand(_ text: String, variables: [String: String]?, escape: Unicode.Scalar = "\\") -> String {
        var reader = Array(text.unicodeScalars)[...]
        return String(expandScalars(&reader, variables: variables, escape: escape, stopAt: nil))
    }

    /// Names of variables that `text` references (`$NAME`, `${NAME...}`), quotes ignored.
    static func referencedNames(_ text: String, escape: Unicode.Scalar = "\\") -> Set<String> {
        var names: Set<String> = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var inSingle = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == escape && !inSingle {
                index += 2
                continue
            }
            if scalar == "'" { inSingle.toggle() }
            if scalar == "$" && !inSingle && index + 1 < scalars.count {
                var start = index + 1
                if scalars[start] == "{" { start += 1 }
                var end = start
                while end < scalars.count, isNameScalar(scalars[end]) { end += 1 }
                if end > start {
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[start..<end])
                    names.insert(String(view))
                }
                index = max(end, index + 1)
                continue
            }
            index += 1
        }
        return names
    }

    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
    }

    private static func expandScalars(
        _ reader: inout ArraySlice<Unicode.Scalar>, variables: [String: String]?, escape: Unicode.Scalar,
        stopAt: Unicode.Scalar?
    ) -> String.UnicodeScalarView {
        var out = String.UnicodeScalarView()
        while let scalar = reader.first {
            if let stop = stopAt, scalar == stop { return out }
            reader = reader.dropFirst()
            switch scalar {
            case escape:
                if let next = reader.first {
                    out.append(next)
                    reader = reader.dropFirst()
                }
            case "'":
                while let inner = reader.first {
                    reader = reader.dropFirst()
                    if inner == "'" { break }
                    out.append(inner)
                }
            case "\"":
                while let inner = reader.first {
                    reader = reader.dropFirst()
                    if inner == "\"" { break }
                    if inner == escape, let next = reader.first {
                        reader = reader.dropFirst()
                        if next != "\"" && next != "$" && next != escape { out.append(inner) }
                        out.append(next)
                    } else if inner == "$", variables != nil {
                        out.append(contentsOf: variable(&reader, variables: variables ?? [:], escape: escape))
                    } else {
                        out.append(inner)
                    }
                }
            case "$" where variables != nil:
                out.append(contentsOf: variable(&reader, variables: variables ?? [:], escape: escape))
            default:
                out.append(scalar)
            }
        }
        return out
    }

    private static func variable(
        _ reader: inout ArraySlice<Unicode.Scalar>, variables: [String: String], escape: Unicode.Scalar
    ) -> String.UnicodeScalarView {
        guard let first = reader.first else { return "$".unicodeScalars }
        if first == "{" {
            reader = reader.dropFirst()
            let nameScalars = reader.prefix(while: isNameScalar)
            reader = reader.dropFirst(nameScalars.count)
            let name = String(String.UnicodeScalarView(nameScalars))
            let value = variables[name]
            guard let op = reader.first else { return String.UnicodeScalarView() }
            if op == "}" {
                reader = reader.dropFirst()
                return (value ?? "").unicodeScalars
            }
            var colon = false
            var modifier = op
            reader = reader.dropFirst()
            if op == ":", let next = reader.first {
                colon = true
                modifier = next
                reader = reader.dropFirst()
            }
            let word = expandScalars(&reader, variables: variables, escape: escape, stopAt: "}")
            if reader.first == "}" { reader = reader.dropFirst() }
            let isSet = colon ? !(value ?? "").isEmpty : value != nil
            switch modifier {
            case "-", "=": return isSet ? (value ?? "").unicodeScalars : word
            case "+": return isSet ? word : String.UnicodeScalarView()
            default: return (value ?? "").unicodeScalars
            }
        }
        let nameScalars = reader.prefix(while: isNameScalar)
        if nameScalars.isEmpty {
            return "$".unicodeScalars
        }
        reader = reader.dropFirst(nameScalars.count)
        return (variables[String(String.UnicodeScalarView(nameScalars))] ?? "").unicodeScalars
    }
}
