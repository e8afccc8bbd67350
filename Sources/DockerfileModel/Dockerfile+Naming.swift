extension Dockerfile {
    /// The prefix ``namingUnnamedStages(prefix:)`` and ``Stage/targetName(prefix:)`` use.
    public static let defaultStagePrefix = "cachebench-stage-"

    /// The Dockerfile text with every unnamed stage given a name (`FROM img` becomes
    /// `FROM img AS cachebench-stage-1`), every other byte unchanged. Stage indices do not move,
    /// so `COPY --from=1` keeps working; the names can be passed to `--target`.
    ///
    /// - Returns: the rewritten text and, per stage index, the name added.
    public func namingUnnamedStages(prefix: String = Dockerfile.defaultStagePrefix)
        -> (text: String, names: [Int: String])
    {
        // Split on the scalar: "\r\n" is one Character and would not split on "\n".
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0)) }
        var names: [Int: String] = [:]
        let froms = instructions.filter { $0.name == "from" }
        for (index, from) in froms.enumerated() {
            let arguments = from.arguments
            if arguments.count >= 3, arguments[1].lowercased() == "as" { continue }
            let name = "\(prefix)\(index)"
            // The last line of the FROM that holds text (a continuation may end on comments at EOF).
            var lineIndex = from.endLine - 1
            while lineIndex > from.startLine - 1, lineIndex < lines.count,
                DockerfileParser.isComment(lines[lineIndex]) || GoQuote.trimSpace(lines[lineIndex]).isEmpty
            {
                lineIndex -= 1
            }
            guard lineIndex < lines.count else { continue }
            var scalars = Array(lines[lineIndex].unicodeScalars)
            guard var insertAt = scalars.lastIndex(where: { !GoQuote.isSpace($0) }) else { continue }
            let escape = escapeToken.unicodeScalars.first ?? "\\"
            if scalars[insertAt] == escape {
                // A continuation that EOF ended: the name goes before the escape character.
                while insertAt > 0, GoQuote.isSpace(scalars[insertAt - 1]) { insertAt -= 1 }
            } else {
                insertAt += 1
            }
            scalars.insert(contentsOf: " AS \(name)".unicodeScalars, at: insertAt)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            lines[lineIndex] = String(view)
            names[index] = name
        }
        return (lines.joined(separator: "\n"), names)
    }
}
