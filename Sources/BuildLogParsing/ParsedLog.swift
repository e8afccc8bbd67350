/// Everything a parser extracted from one log.
public struct ParsedLog: Codable, Sendable, Equatable {
    public var format: LogFormat
    public var steps: [ParsedStep]
    public var layers: [ParsedLayer]
    /// Lines that no line shape recognised. Pinned per fixture by tests: it can only go down.
    public var unmatchedLines: Int
    /// Build- or command-level error text (e.g. `The command '...' returned a non-zero code: 3`), if any.
    public var error: String?
    /// Manifest digest printed by push (`TAG: digest: sha256:... size: N`) or pull (`Digest: ...`).
    public var digest: String?

    public init(format: LogFormat, steps: [ParsedStep] = [], layers: [ParsedLayer] = [],
                unmatchedLines: Int = 0, error: String? = nil, digest: String? = nil) {
        self.format = format; self.steps = steps; self.layers = layers
        self.unmatchedLines = unmatchedLines; self.error = error; self.digest = digest
    }
}
