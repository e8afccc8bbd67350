/// A parser directive from the top of a Dockerfile (`# syntax=...`, `# escape=...`, `# check=...`).
public struct ParserDirective: Equatable, Sendable, Codable {
    /// The directive name, lower-cased.
    public let name: String
    /// The value, surrounding whitespace removed.
    public let value: String
    /// The 1-based line it is on.
    public let line: Int

    /// Creates a directive value.
    public init(name: String, value: String, line: Int) {
        self.name = name
        self.value = value
        self.line = line
    }
}
