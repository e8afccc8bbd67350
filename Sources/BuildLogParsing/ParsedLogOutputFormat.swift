/// How `cachebench parse-log` prints a parsed log.
public enum ParsedLogOutputFormat: String, CaseIterable, Sendable {
    /// Pretty-printed JSON with sorted keys; absent values are `null`.
    case json
    /// A readable table of steps and layers.
    case text
}
