/// Finds where one site's reference is written: scans the instruction's words (comment lines skipped), the
/// keyword first, then its flags, up to the first word that is not a flag.
struct ImageWordFinder {
    let lines: [[Unicode.Scalar]]
    let site: ImageSite
    let escape: Unicode.Scalar

    /// (0-based line, scalar range) of every place the reference is written; empty when there is none.
    func ranges() -> [(Int, Range<Int>)] {
        let written = Array(site.written.unicodeScalars)
        var found: [(Int, Range<Int>)] = []
        var sawKeyword = false
        for line in (site.startLine - 1)..<min(site.endLine, lines.count) where line >= 0 {
            let scalars = lines[line]
            if sawKeyword, DockerfileParser.isComment(String(String.UnicodeScalarView(scalars))) { continue }
            for word in Self.words(scalars) {
                let text = Array(scalars[word])
                if !sawKeyword { sawKeyword = true; continue }
                if text == [escape] { continue }
                guard text.starts(with: ["-", "-"]) else {
                    // The first argument: the image of a FROM; the flags of COPY and RUN are over.
                    if site.kind == .from, text == written { found.append((line, word)) }
                    return found
                }
                if let value = flagValue(text, word: word, written: written) { found.append((line, value)) }
            }
        }
        return found
    }

    /// The range of the reference inside a `--from=` or `--mount=` word of this site's kind.
    func flagValue(_ text: [Unicode.Scalar], word: Range<Int>, written: [Unicode.Scalar]) -> Range<Int>? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let name = String(String.UnicodeScalarView(text[2..<equals])).lowercased()
        switch (site.kind, name) {
        case (.copyFrom, "from"):
            return Array(text[(equals + 1)...]) == written ? (word.lowerBound + equals + 1)..<word.upperBound : nil
        case (.mountFrom, "mount"):
            var start = equals + 1
            while start <= text.count {
                let end = text[start...].firstIndex(of: ",") ?? text.count
                let field = text[start..<end]
                if let fieldEquals = field.firstIndex(of: "="),
                   String(String.UnicodeScalarView(text[start..<fieldEquals])).lowercased() == "from",
                   Array(text[(fieldEquals + 1)..<end]) == written {
                    return (word.lowerBound + fieldEquals + 1)..<(word.lowerBound + end)
                }
                start = end + 1
            }
            return nil
        default:
            return nil
        }
    }

    /// The whitespace-separated words of a line, as scalar ranges.
    static func words(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var start: Int?
        for (index, scalar) in scalars.enumerated() {
            if GoQuote.isSpace(scalar) {
                if let begun = start { words.append(begun..<index); start = nil }
            } else if start == nil {
                start = index
            }
        }
        if let begun = start { words.append(begun..<scalars.count) }
        return words
    }
}
