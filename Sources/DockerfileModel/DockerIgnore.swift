import Foundation

/// The rules of a `.dockerignore` file, read and matched as moby/patternmatcher does: `#`
/// comments, `**` across directories, `!` exceptions (the last matching line wins), and a
/// pattern also excludes everything below a directory it matches.
public struct DockerIgnore: Equatable, Sendable {
    /// One rule.
    public struct Rule: Equatable, Sendable {
        /// The cleaned pattern, without `!`.
        public let pattern: String
        /// True for `!pattern`: re-include what earlier rules excluded.
        public let isException: Bool
        let glob: GlobPattern
    }

    /// The rules in file order.
    public let rules: [Rule]

    /// Parses `.dockerignore` text.
    public init(text: String) {
        var rules: [Rule] = []
        let rawLines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, rawLine) in rawLines.enumerated() {
            var line = String(String.UnicodeScalarView(rawLine))
            if offset == 0, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.hasPrefix("#") { continue }
            line = GoQuote.trimSpace(line)
            if line.isEmpty { continue }
            var isException = false
            if line.hasPrefix("!") {
                isException = true
                line = GoQuote.trimSpace(String(line.dropFirst()))
            }
            if !line.isEmpty {
                line = PathUtilities.clean(line)
                if line.count > 1, line.hasPrefix("/") { line.removeFirst() }
            }
            if line.isEmpty { continue }
            rules.append(Rule(pattern: line, isException: isException, glob: GlobPattern(dockerignore: line)))
        }
        self.rules = rules
    }

    /// True when `path` (relative to the context, `/`-separated) is left out of the context.
    public func excludes(_ path: String) -> Bool {
        let file = PathUtilities.clean(path)
        let components = file.split(separator: "/").map(String.init)
        let parents = components.count > 1
            ? (1..<components.count).map { components[0..<$0].joined(separator: "/") } : []
        var matched = false
        for rule in rules where rule.isException == matched {
            var match = rule.glob.matches(file)
            if !match {
                match = parents.contains(where: rule.glob.matches)
            }
            if match { matched = !rule.isException }
        }
        return matched
    }

    /// The ignore file Docker uses for `dockerfile` in `contextDirectory`: the Dockerfile-specific
    /// `<Dockerfile name>.dockerignore` next to the Dockerfile when it exists, else
    /// `.dockerignore` at the context root, else nil.
    public static func file(contextDirectory: URL, dockerfile: URL?) -> URL? {
        if let dockerfile {
            let specific = dockerfile.deletingLastPathComponent()
                .appendingPathComponent(dockerfile.lastPathComponent + ".dockerignore")
            if FileManager.default.fileExists(atPath: specific.path) { return specific }
        }
        let shared = contextDirectory.appendingPathComponent(".dockerignore")
        return FileManager.default.fileExists(atPath: shared.path) ? shared : nil
    }

    /// Reads the ignore file chosen by ``file(contextDirectory:dockerfile:)``.
    public static func load(contextDirectory: URL, dockerfile: URL?) -> DockerIgnore? {
        guard let url = file(contextDirectory: contextDirectory, dockerfile: dockerfile),
            let data = FileManager.default.contents(atPath: url.path)
        else { return nil }
        return DockerIgnore(text: String(decoding: data, as: UTF8.self))
    }
}
