/// Go's `strconv.Quote` and the whitespace classes of Go's `unicode` package, which BuildKit's
/// parser and dumper rely on.
enum GoQuote {
    /// `strconv.Quote`: backslash escapes for `"`, `\` and control characters, printable
    /// Unicode kept as is.
    static func quote(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if isPrint(scalar) {
                    out.unicodeScalars.append(scalar)
                    continue
                }
                switch scalar.value {
                case 0x07: out += "\\a"
                case 0x08: out += "\\b"
                case 0x0C: out += "\\f"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                case 0x0B: out += "\\v"
                case let value where value < 0x20 || value == 0x7F:
                    out += "\\x" + hex(value, width: 2)
                case let value where value < 0x10000:
                    out += "\\u" + hex(value, width: 4)
                case let value:
                    out += "\\U" + hex(value, width: 8)
                }
            }
        }
        return out + "\""
    }

    /// `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    static func isPrint(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// `unicode.IsSpace`.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    /// The class `[\t\v\f\r ]` of BuildKit's `reWhitespace`.
    static func isTokenSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\u{0B}" || scalar == "\u{0C}" || scalar == "\r"
    }

    /// `strings.TrimSpace`.
    static func trimSpace(_ string: String) -> String {
        trimLeft(trimRight(string))
    }

    /// `strings.TrimLeftFunc(s, unicode.IsSpace)`.
    static func trimLeft(_ string: String) -> String {
        let scalars = string.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...])
    }

    /// `strings.TrimRightFunc(s, unicode.IsSpace)`.
    static func trimRight(_ string: String) -> String {
        let scalars = string.unicodeScalars
        guard let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[...last])
    }

    /// `reWhitespace.Split(s, limit)` with limit -1 (all) or 2.
    static func splitTokenSpace(_ string: String, limit: Int = -1) -> [String] {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var scalars = Array(string.unicodeScalars)[...]
        while let scalar = scalars.first {
            if isTokenSpace(scalar) {
                if limit > 0 && parts.count == limit - 1 {
                    current.append(contentsOf: scalars)
                    scalars = []
                    break
                }
                parts.append(String(current))
                current = String.UnicodeScalarView()
                while let next = scalars.first, isTokenSpace(next) { scalars = scalars.dropFirst() }
                if limit > 0 && parts.count == limit - 1 {
                    current.append(contentsOf: scalars)
                    scalars = []
                    break
                }
                continue
            }
            current.append(scalar)
            scalars = scalars.dropFirst()
        }
        parts.append(String(current))
        return parts
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
