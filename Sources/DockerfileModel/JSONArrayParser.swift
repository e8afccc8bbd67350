/// Reads the JSON form of an instruction the way Go's `json.Unmarshal` into `[]any` does.
enum JSONArrayParser {
    /// The outcome of reading an argument string as JSON.
    enum Outcome: Equatable {
        /// Not a JSON array: BuildKit falls back to shell form.
        case notJSON
        /// Valid JSON array whose elements are not all strings: BuildKit rejects it.
        case notStringArray
        /// A JSON array of strings.
        case strings([String])
    }

    private enum Value {
        case string(String)
        case other
    }

    static func parse(_ text: String) -> Outcome {
        let trimmed = GoQuote.trimLeft(text)
        guard trimmed.hasPrefix("[") else { return .notJSON }
        var reader = Reader(scalars: Array(trimmed.unicodeScalars))
        reader.skipWhitespace()
        guard let elements = reader.parseArray() else { return .notJSON }
        reader.skipWhitespace()
        guard reader.atEnd else { return .notJSON }
        var strings: [String] = []
        for element in elements {
            guard case .string(let value) = element else { return .notStringArray }
            strings.append(value)
        }
        return .strings(strings)
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        var position = 0

        var atEnd: Bool { position >= scalars.count }
        var peek: Unicode.Scalar? { atEnd ? nil : scalars[position] }

        mutating func skipWhitespace() {
            while let scalar = peek, scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
                position += 1
            }
        }

        mutating func expect(_ literal: String) -> Bool {
            for scalar in literal.unicodeScalars {
                guard peek == scalar else { return false }
                position += 1
            }
            return true
        }

        mutating func parseValue() -> Value? {
            skipWhitespace()
            guard let scalar = peek else { return nil }
            switch scalar {
            case "\"": return parseString().map(Value.string)
            case "[": return parseArray().map { _ in .other }
            case "{": return parseObject() ? .other : nil
            case "t": return expect("true") ? .other : nil
            case "f": return expect("false") ? .other : nil
            case "n": return expect("null") ? .other : nil
            default: return parseNumber() ? .other : nil
            }
        }

        mutating func parseArray() -> [Value]? {
            guard expect("[") else { return nil }
            var values: [Value] = []
            skipWhitespace()
            if peek == "]" {
                position += 1
                return values
            }
            while true {
                guard let value = parseValue() else { return nil }
                values.append(value)
                skipWhitespace()
                if peek == "," {
                    position += 1
                    continue
                }
                if peek == "]" {
                    position += 1
                    return values
                }
                return nil
            }
        }

        mutating func parseObject() -> Bool {
            guard expect("{") else { return false }
            skipWhitespace()
            if peek == "}" {
                position += 1
                return true
            }
            while true {
                skipWhitespace()
                guard peek == "\"", parseString() != nil else { return false }
                skipWhitespace()
                guard expect(":"), parseValue() != nil else { return false }
                skipWhitespace()
                if peek == "," {
                    position += 1
                    continue
                }
                if peek == "}" {
                    position += 1
                    return true
                }
                return false
            }
        }

        mutating func parseNumber() -> Bool {
            let start = position
            if peek == "-" { position += 1 }
            guard let first = peek, ("0"..."9").contains(first) else { return false }
            if first == "0" {
                position += 1
            } else {
                while let digit = peek, ("0"..."9").contains(digit) { position += 1 }
            }
            if peek == "." {
                position += 1
                guard let digit = peek, ("0"..."9").contains(digit) else { return false }
                while let digit = peek, ("0"..."9").contains(digit) { position += 1 }
            }
            if peek == "e" || peek == "E" {
                position += 1
                if peek == "+" || peek == "-" { position += 1 }
                guard let digit = peek, ("0"..."9").contains(digit) else { return false }
                while let digit = peek, ("0"..."9").contains(digit) { position += 1 }
            }
            return position > start
        }

        mutating func parseHex4() -> UInt32? {
            guard position + 4 <= scalars.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = hexValue(scalars[position]) else { return nil }
                value = value * 16 + digit
                position += 1
            }
            return value
        }

        func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
            switch scalar {
            case "0"..."9": return scalar.value - 48
            case "a"..."f": return scalar.value - 87
            case "A"..."F": return scalar.value - 55
            default: return nil
            }
        }

        mutating func parseString() -> String? {
            guard expect("\"") else { return nil }
            var out = String.UnicodeScalarView()
            while let scalar = peek {
                position += 1
                switch scalar {
                case "\"":
                    return String(out)
                case "\\":
                    guard let escaped = peek else { return nil }
                    position += 1
                    switch escaped {
                    case "\"": out.append("\"")
                    case "\\": out.append("\\")
                    case "/": out.append("/")
                    case "b": out.append("\u{08}")
                    case "f": out.append("\u{0C}")
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    case "t": out.append("\t")
                    case "u":
                        guard let high = parseHex4() else { return nil }
                        if (0xD800..<0xDC00).contains(high) {
                            // A surrogate pair; Go replaces a lone half with U+FFFD.
                            let save = position
                            if expect("\\u"), let low = parseHex4(), (0xDC00..<0xE000).contains(low) {
                                let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                                out.append(Unicode.Scalar(combined) ?? "\u{FFFD}")
                            } else {
                                position = save
                                out.append("\u{FFFD}")
                            }
                        } else {
                            out.append(Unicode.Scalar(high) ?? "\u{FFFD}")
                        }
                    default:
                        return nil
                    }
                default:
                    guard scalar.value >= 0x20 else { return nil }
                    out.append(scalar)
                }
            }
            return nil
        }
    }
}
