/// A blob a cache export writes to its backend (registry or local directory):
/// `#14 writing layer sha256:1614...`, then the same with ` 0.3s done` or ` done`.
/// Captures: 1 vertex, 2 blob digest, 3 `done`.
package struct BuildKitWritingLayer: LineShape {
    package static let pattern = #"^#(\d+) writing layer (sha256:[0-9a-f]{64})(?: \d+(?:\.\d+)?s)?( done)?$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package let digest: String
    package let done: Bool
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let (v, d, done) = c.digestStatus(after: "writing layer ") else { return nil }
        vertex = v; digest = d; self.done = done
    }
}
