/// The line-level parser: a port of BuildKit's `frontend/dockerfile/parser` (Parse, line
/// parsers, split_command, heredocs) that keeps its quirks, so that the AST dump matches.
struct DockerfileParser {
    struct Line {
        /// Text without the terminating `\n` (a `\r` before it is kept).
        let text: String
        /// True when a `\n` ended the line in the input.
        let terminated: Bool
    }

    struct Output {
        var instructions: [Instruction]
        var directives: [ParserDirective]
        var escapeToken: Unicode.Scalar
        var warnings: [String]
    }

    let file: String
    private(set) var escapeToken: Unicode.Scalar = "\\"
    private var directivesDone = false
    private var directives: [ParserDirective] = []

    init(file: String) {
        self.file = file
    }

    /// Splits bytes into lines, failing on the first line that is not UTF-8.
    static func lines(of bytes: [UInt8], file: String) throws(DockerfileError) -> [Line] {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var lines: [Line] = []
        var start = body.startIndex
        var index = body.startIndex
        while index < body.endIndex {
            if body[index] == 0x0A {
                guard let text = String(validating: body[start..<index], as: UTF8.self) else {
                    throw .invalidUTF8(file: file, line: lines.count + 1)
                }
                lines.append(Line(text: text, terminated: true))
                start = index + 1
            }
            index += 1
        }
        if start < body.endIndex {
            guard let text = String(validating: body[start..<body.endIndex], as: UTF8.self) else {
                throw .invalidUTF8(file: file, line: lines.count + 1)
            }
            lines.append(Line(text: text, terminated: false))
        }
        return lines
    }

    mutating func parse(_ lines: [Line]) throws(DockerfileError) -> Output {
        var instructions: [Instruction] = []
        var warnings: [String] = []
        var next = 0
        var currentLine = 0
        while next < lines.count {
            let raw = lines[next].text
            next += 1
            let processed = try processLine(raw, stripLeft: true, lineNumber: currentLine + 1)
            currentLine += 1
            let startLine = currentLine
            var (line, isEndOfLine) = trimContinuation(processed)
            if isEndOfLine && line.isEmpty { continue }

            var hasEmptyContinuationLine = false
            while !isEndOfLine && next < lines.count {
                let rawNext = lines[next].text
                next += 1
                let processedNext = try processLine(rawNext, stripLeft: false, lineNumber: currentLine + 1)
                currentLine += 1
                if Self.isComment(rawNext) { continue }
                if GoQuote.trimLeft(Self.trimNewline(processedNext)).isEmpty {
                    hasEmptyContinuationLine = true
                    continue
                }
                let (continuation, end) = trimContinuation(processedNext)
                isEndOfLine = end
                line += continuation
            }
            if hasEmptyContinuationLine {
                warnings.append("[WARNING]: Empty continuation line found in:\n    " + line)
            }

            let node: Node
            do {
                node = try makeNode(line)
            } catch {
                throw error.located(file: file, line: startLine)
            }

            var heredocs: [Heredoc] = []
            if node.canContainHeredoc {
                for pending in Self.heredocs(in: line) {
                    var content = ""
                    var terminated = false
                    while next < lines.count {
                        let bodyLine = lines[next]
                        next += 1
                        currentLine += 1
                        var candidate = Self.trimNewline(bodyLine.text)
                        if pending.chomp {
                            candidate = String(candidate.unicodeScalars.drop(while: { $0 == "\t" }))
                        }
                        if candidate == pending.name {
                            terminated = true
                            break
                        }
                        content += bodyLine.text + (bodyLine.terminated ? "\n" : "")
                    }
                    guard terminated else {
                        throw .unterminatedHeredoc(file: file, line: startLine, delimiter: pending.name)
                    }
                    heredocs.append(
                        Heredoc(
                            name: pending.name, fileDescriptor: pending.fileDescriptor,
                            expand: pending.expand, chomp: pending.chomp, content: content))
                }
            }
            instructions.append(node.instruction(heredocs: heredocs, startLine: startLine, endLine: currentLine))
        }
        if instructions.isEmpty {
            let blank = lines.allSatisfy { GoQuote.trimSpace($0.text).isEmpty }
            let lastLine = max(1, lines.count)
            throw blank
                ? .emptyDockerfile(file: file, line: lastLine)
                : .onlyComments(file: file, line: lastLine)
        }
        return Output(
            instructions: instructions, directives: directives, escapeToken: escapeToken, warnings: warnings)
    }

    // MARK: - Lines

    static func trimNewline(_ text: String) -> String {
        // Index arithmetic, not repeated `dropLast()`: that took quadratic time on a long run of `\r` (found by fuzzing).
        let scalars = text.unicodeScalars
        var end = scalars.endIndex
        while end > scalars.startIndex, case let before = scalars.index(before: end),
              scalars[before] == "\r" || scalars[before] == "\n" {
            end = before
        }
        return String(scalars[..<end])
    }

    static func isComment(_ raw: String) -> Bool {
        GoQuote.trimLeft(trimNewline(raw)).hasPrefix("#")
    }

    private mutating func processLine(_ raw: String, stripLeft: Bool, lineNumber: Int) throws(DockerfileError)
        -> String
    {
        var token = Self.trimNewline(raw)
        if stripLeft { token = GoQuote.trimLeft(token) }
        try possibleParserDirective(token, lineNumber: lineNumber)
        return token.hasPrefix("#") ? "" : token
    }

    /// `reDirectives = ^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, only before anything else.
    private mutating func possibleParserDirective(_ line: String, lineNumber: Int) throws(DockerfileError) {
        guard !directivesDone else { return }
        guard let (key, value) = Self.matchDirective(line) else {
            directivesDone = true
            return
        }
        let name = key.lowercased()
        guard ["escape", "syntax", "check"].contains(name) else {
            directivesDone = true
            return
        }
        if directives.contains(where: { $0.name == name }) {
            throw .invalidDirective(
                file: file, line: lineNumber, message: "only one \(name) parser directive can be used")
        }
        directives.append(ParserDirective(name: name, value: value, line: lineNumber))
        if name == "escape" {
            guard value == "\\" || value == "`" else {
                throw .invalidDirective(
                    file: file, line: lineNumber,
                    message: "invalid escape token '\(value)' does not match ` or \\")
            }
            escapeToken = value.unicodeScalars.first!
        }
    }

    private static func matchDirective(_ line: String) -> (String, String)? {
        let isRegexSpace: (Unicode.Scalar) -> Bool = {
            $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\u{0C}" || $0 == "\r"
        }
        var rest = line.unicodeScalars[...]
        guard rest.first == "#" else { return nil }
        rest = rest.dropFirst().drop(while: isRegexSpace)
        guard let first = rest.first, first.isASCII, first.properties.isAlphabetic else { return nil }
        let keyScalars = rest.prefix(while: { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
        rest = rest.dropFirst(keyScalars.count).drop(while: isRegexSpace)
        guard rest.first == "=" else { return nil }
        let afterEquals = rest.dropFirst()
        var value = afterEquals.drop(while: isRegexSpace)
        while let last = value.last, isRegexSpace(last) { value = value.dropLast() }
        if value.isEmpty {
            // `\s*` backtracks so that `.+?` takes the last whitespace character.
            guard let last = afterEquals.last else { return nil }
            return (String(keyScalars), String(last))
        }
        return (String(keyScalars), String(value))
    }

    /// `([^E])E[ \t]*$|^E[ \t]*$` replaced by `$1`; returns the line and whether it ends here.
    private func trimContinuation(_ line: String) -> (String, Bool) {
        var scalars = Array(line.unicodeScalars)
        var end = scalars.count
        while end > 0, scalars[end - 1] == " " || scalars[end - 1] == "\t" { end -= 1 }
        guard end > 0, scalars[end - 1] == escapeToken else { return (line, true) }
        let escapeIndex = end - 1
        if escapeIndex == 0 { return ("", false) }
        if scalars[escapeIndex - 1] == escapeToken { return (line, true) }
        scalars.removeSubrange(escapeIndex...)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return (String(view), false)
    }

    // MARK: - Nodes

    struct NodeError: Error {
        enum Kind {
            case unknownInstruction(String)
            case syntax(String)
        }
        let kind: Kind

        func located(file: String, line: Int) -> DockerfileError {
            switch kind {
            case .unknownInstruction(let word):
                return .unknownInstruction(file: file, line: line, instruction: word)
            case .syntax(let message):
                return .syntax(file: file, line: line, message: message)
            }
        }
    }

    struct Node {
        var keyword: String
        var flags: [String]
        var arguments: [String]
        var isJSON: Bool
        var trigger: [Node]
        var original: String

        var canContainHeredoc: Bool {
            var node = self
            if node.keyword.lowercased() == "onbuild", let child = node.trigger.first { node = child }
            return ["run", "copy", "add"].contains(node.keyword.lowercased()) && !node.isJSON
        }

        func instruction(heredocs: [Heredoc], startLine: Int, endLine: Int) -> Instruction {
            let onbuild = trigger.first.map {
                $0.instruction(heredocs: [], startLine: startLine, endLine: endLine)
            }
            return Instruction(
                keyword: keyword, flags: flags, arguments: arguments, isJSON: isJSON,
                onbuildTrigger: onbuild, heredocs: heredocs, original: original,
                startLine: startLine, endLine: endLine)
        }
    }

    static let knownInstructions: Set<String> = [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label",
        "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ]

    func makeNode(_ line: String) throws(NodeError) -> Node {
        let (keyword, flags, rest) = Self.splitCommand(line)
        let command = keyword.lowercased()
        var arguments: [String] = []
        var isJSON = false
        var trigger: [Node] = []
        switch command {
        case "add", "copy", "volume":
            (arguments, isJSON) = try Self.parseMaybeJSONToList(rest)
        case "cmd", "entrypoint", "run", "shell":
            (arguments, isJSON) = try Self.parseMaybeJSON(rest)
        case "arg":
            arguments = parseWords(rest)
        case "env", "label":
            arguments = try parseNameVal(rest, key: command.uppercased())
        case "expose", "from":
            arguments = rest.isEmpty ? [] : GoQuote.splitTokenSpace(rest)
        case "healthcheck":
            (arguments, isJSON) = try Self.parseHealthConfig(rest)
        case "maintainer", "stopsignal", "user", "workdir":
            arguments = rest.isEmpty ? [] : [rest]
        case "onbuild":
            // BuildKit refuses the chain when it reads the instructions; refusing it here also keeps a file of repeated
            // ONBUILD words from recursing once per word (found by fuzzing: a stack overflow at 128 KiB).
            if rest.prefix(while: { !$0.isWhitespace }).lowercased() == "onbuild" {
                throw NodeError(kind: .syntax("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"))
            }
            if !rest.isEmpty { trigger = [try makeNode(rest)] }
        default:
            throw NodeError(kind: .unknownInstruction(keyword))
        }
        return Node(
            keyword: keyword, flags: flags, arguments: arguments, isJSON: isJSON, trigger: trigger,
            original: line)
    }

    /// `splitCommand`: instruction word, builder flags and the trimmed rest.
    static func splitCommand(_ line: String) -> (String, [String], String) {
        let parts = GoQuote.splitTokenSpace(GoQuote.trimSpace(line), limit: 2)
        guard parts.count == 2 else { return (parts[0], [], "") }
        let (rest, flags) = extractBuilderFlags(parts[1])
        return (parts[0], flags, GoQuote.trimSpace(rest))
    }

    /// `extractBuilderFlags`: leading `--words`, quotes removed, `\` escapes, `--` ends flags.
    static func extractBuilderFlags(_ line: String) -> (String, [String]) {
        enum Phase { case spaces, word, quote }
        let scalars = Array(line.unicodeScalars)
        var words: [String] = []
        var phase = Phase.spaces
        var word = String.UnicodeScalarView()
        var quote: Unicode.Scalar = "\0"
        var blankOK = false
        var position = 0
        func rest(_ from: Int) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[from...])
            return String(view)
        }
        while position <= scalars.count {
            let ch: Unicode.Scalar = position < scalars.count ? scalars[position] : "\0"
            if phase == .spaces {
                if position == scalars.count { break }
                if GoQuote.isSpace(ch) {
                    position += 1
                    continue
                }
                if ch != "-" || position + 1 == scalars.count || scalars[position + 1] != "-" {
                    return (rest(position), words)
                }
                phase = .word
            }
            if phase != .spaces && position == scalars.count {
                if String(word) != "--" && (blankOK || !word.isEmpty) { words.append(String(word)) }
                break
            }
            if phase == .word {
                if GoQuote.isSpace(ch) {
                    phase = .spaces
                    if String(word) == "--" { return (rest(position), words) }
                    if blankOK || !word.isEmpty { words.append(String(word)) }
                    word = String.UnicodeScalarView()
                    blankOK = false
                    position += 1
                    continue
                }
                if ch == "'" || ch == "\"" {
                    quote = ch
                    blankOK = true
                    phase = .quote
                    position += 1
                    continue
                }
                var current = ch
                if ch == "\\" {
                    if position + 1 == scalars.count {
                        position += 1
                        continue
                    }
                    position += 1
                    current = scalars[position]
                }
                word.append(current)
                position += 1
                continue
            }
            if phase == .quote {
                if ch == quote {
                    phase = .word
                    position += 1
                    continue
                }
                var current = ch
                if ch == "\\" {
                    if position + 1 == scalars.count {
                        phase = .word
                        position += 1
                        continue
                    }
                    position += 1
                    current = scalars[position]
                }
                word.append(current)
            }
            position += 1
        }
        return ("", words)
    }

    /// `parseWords`: words split on whitespace, quotes and escape tokens kept.
    func parseWords(_ rest: String) -> [String] {
        enum Phase { case spaces, word, quote }
        let scalars = Array(rest.unicodeScalars)
        var words: [String] = []
        var phase = Phase.spaces
        var quote: Unicode.Scalar = "\0"
        var blankOK = false
        var builder = String.UnicodeScalarView()
        var position = 0
        while position <= scalars.count {
            var ch: Unicode.Scalar = position < scalars.count ? scalars[position] : "\0"
            if phase == .spaces {
                if position == scalars.count { break }
                if GoQuote.isSpace(ch) {
                    position += 1
                    continue
                }
                phase = .word
            }
            if phase != .spaces && position == scalars.count {
                if blankOK || !builder.isEmpty { words.append(String(builder)) }
                break
            }
            if phase == .word {
                if GoQuote.isSpace(ch) {
                    phase = .spaces
                    if blankOK || !builder.isEmpty { words.append(String(builder)) }
                    builder = String.UnicodeScalarView()
                    blankOK = false
                    position += 1
                    continue
                }
                if ch == "'" || ch == "\"" {
                    quote = ch
                    blankOK = true
                    phase = .quote
                }
                if ch == escapeToken {
                    if position + 1 == scalars.count {
                        position += 1
                        continue
                    }
                    builder.append(ch)
                    position += 1
                    ch = scalars[position]
                }
                builder.append(ch)
                position += 1
                continue
            }
            if phase == .quote {
                if ch == quote { phase = .word }
                if ch == escapeToken && quote != "'" {
                    if position + 1 == scalars.count {
                        phase = .word
                        position += 1
                        continue
                    }
                    position += 1
                    builder.append(ch)
                    ch = scalars[position]
                }
                builder.append(ch)
            }
            position += 1
        }
        return words
    }

    /// ENV and LABEL: legacy `KEY value` or `k=v ...`, as `key, value, separator` triples.
    func parseNameVal(_ rest: String, key: String) throws(NodeError) -> [String] {
        let words = parseWords(rest)
        guard let first = words.first else { return [] }
        if !first.contains("=") {
            let parts = GoQuote.splitTokenSpace(rest, limit: 2)
            guard parts.count == 2 else {
                throw NodeError(kind: .syntax("\(key) must have two arguments"))
            }
            return [parts[0], parts[1], ""]
        }
        var arguments: [String] = []
        for word in words {
            guard let equals = word.firstIndex(of: "=") else {
                throw NodeError(
                    kind: .syntax(
                        "Syntax error - can't find = in \(GoQuote.quote(word)). Must be of the form: name=value"
                    ))
            }
            arguments += [String(word[..<equals]), String(word[word.index(after: equals)...]), "="]
        }
        return arguments
    }

    static func parseMaybeJSON(_ rest: String) throws(NodeError) -> ([String], Bool) {
        if rest.isEmpty { return ([], false) }
        switch JSONArrayParser.parse(rest) {
        case .strings(let strings): return (strings, true)
        case .notStringArray:
            throw NodeError(kind: .syntax("when using JSON array syntax, arrays must be comprised of strings only"))
        case .notJSON: return ([rest], false)
        }
    }

    static func parseMaybeJSONToList(_ rest: String) throws(NodeError) -> ([String], Bool) {
        switch JSONArrayParser.parse(rest) {
        case .strings(let strings): return (strings, true)
        case .notStringArray:
            throw NodeError(kind: .syntax("when using JSON array syntax, arrays must be comprised of strings only"))
        case .notJSON: return (rest.isEmpty ? [] : GoQuote.splitTokenSpace(rest), false)
        }
    }

    static func parseHealthConfig(_ rest: String) throws(NodeError) -> ([String], Bool) {
        let isASCIISpace: (Unicode.Scalar) -> Bool = { $0.isASCII && GoQuote.isSpace($0) }
        let scalars = rest.unicodeScalars
        let typeScalars = scalars.prefix(while: { !isASCIISpace($0) })
        if typeScalars.isEmpty { return ([], false) }
        let command = scalars.dropFirst(typeScalars.count).drop(while: isASCIISpace)
        let (arguments, isJSON) = try parseMaybeJSON(String(command))
        return ([String(typeScalars)] + arguments, isJSON)
    }

    // MARK: - Heredocs

    struct PendingHeredoc {
        let name: String
        let fileDescriptor: Int
        let expand: Bool
        let chomp: Bool
    }

    /// Every word of the line of the form `[n]<<[-]WORD` names a heredoc, in order.
    static func heredocs(in line: String) -> [PendingHeredoc] {
        ShellWords.rawWords(line).compactMap(heredoc(fromWord:))
    }

    static func heredoc(fromWord word: String) -> PendingHeredoc? {
        var scalars = word.unicodeScalars[...]
        let digits = scalars.prefix(while: { ("0"..."9").contains($0) })
        scalars = scalars.dropFirst(digits.count)
        guard scalars.starts(with: "<<".unicodeScalars) else { return nil }
        scalars = scalars.dropFirst(2)
        let chomp = scalars.first == "-"
        if chomp { scalars = scalars.dropFirst() }
        guard !scalars.isEmpty, !scalars.contains("<") else { return nil }
        let raw = String(scalars)
        let name = ShellWords.removingQuotes(raw)
        guard !name.isEmpty else { return nil }
        let quoteCount: (String) -> Int = { $0.unicodeScalars.filter { $0 == "'" || $0 == "\"" }.count }
        return PendingHeredoc(
            name: name, fileDescriptor: Int(String(digits)) ?? 0,
            expand: quoteCount(name) == quoteCount(raw), chomp: chomp)
    }
}
