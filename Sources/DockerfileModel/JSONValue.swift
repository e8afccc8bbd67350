/// A small JSON tree with ordered object keys, so outputs keep the documented key order.
enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.rendered(pretty: false) == rhs.rendered(pretty: false)
    }

    static func optional(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    static func ints(_ values: [Int]) -> JSONValue {
        .array(values.map(JSONValue.int))
    }

    static func strings(_ values: [String]) -> JSONValue {
        .array(values.map(JSONValue.string))
    }

    /// Renders JSON; pretty output indents by two spaces.
    func rendered(pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(into out: inout String, pretty: Bool, indent: Int) {
        let newline = pretty ? "\n" : ""
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .string(let value): out += Self.escape(value)
        case .array(let values):
            if values.isEmpty {
                out += "[]"
                return
            }
            // Arrays of scalars stay on one line: stage indices read better that way.
            let scalarOnly = values.allSatisfy {
                switch $0 {
                case .array, .object: return false
                default: return true
                }
            }
            if scalarOnly || !pretty {
                out += "[" + values.map { $0.rendered(pretty: false) }.joined(separator: pretty ? ", " : ",") + "]"
                return
            }
            out += "[" + newline
            for (offset, value) in values.enumerated() {
                out += pad
                value.write(into: &out, pretty: pretty, indent: indent + 1)
                out += (offset < values.count - 1 ? "," : "") + newline
            }
            out += closePad + "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{" + newline
            for (offset, member) in members.enumerated() {
                out += pad + Self.escape(member.0) + (pretty ? ": " : ":")
                member.1.write(into: &out, pretty: pretty, indent: indent + 1)
                out += (offset < members.count - 1 ? "," : "") + newline
            }
            out += closePad + "}"
        }
    }

    static func escape(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
