import Foundation

/// Stored strings in Markdown: nothing a build printed or a project named can open a tag, end a table cell or
/// code span, or start a line of its own.
enum Markdown {
    /// Plain text: HTML entities for `&<>`, a backslash before Markdown punctuation (`|` and backticks included),
    /// line breaks as spaces.
    static func text(_ value: String) -> String {
        var out = ""
        for character in oneLine(value) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "#", "!", "~", "$": out += "\\" + String(character)
            default: out.append(character)
            }
        }
        return out
    }

    /// A code span that holds `value` verbatim: delimited by one backtick more than the longest run inside, padded
    /// when the text starts or ends with a backtick. In a table cell `|` is escaped, as GFM reads cells first.
    static func code(_ value: String, inTable: Bool = true) -> String {
        var body = oneLine(value)
        if inTable { body = body.replacingOccurrences(of: "|", with: "\\|") }
        let fence = String(repeating: "`", count: longestRun(of: "`", in: body) + 1)
        let pad = body.hasPrefix("`") || body.hasSuffix("`") || body.hasPrefix(" ") && body.hasSuffix(" ") && !body.isEmpty
        return fence + (pad ? " " + body + " " : body) + fence
    }

    /// A fenced code block whose fence no line of `value` can close.
    static func block(_ value: String, info: String) -> [String] {
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: value) + 1))
        var body = value
        if body.hasSuffix("\n") { body.removeLast() }
        return [fence + info, body, fence]
    }

    static func oneLine(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    static func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0, current = 0
        for c in text {
            current = c == character ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}
