/// A blob BuildKit unpacks into the snapshotter: `#9 extracting sha256:705d...`, then the same with ` 3.8s done`.
/// On a fresh engine every blob it extracts was fetched first, and the progress printer drops some downloads'
/// lines (a fast one may finish between two prints): under a cached step, an extraction is evidence of an import.
/// Captures: 1 vertex, 2 blob digest, 3 `done`.
package struct BuildKitExtracting: LineShape {
    package static let pattern = #"^#(\d+) extracting (sha256:[0-9a-f]{64})(?: \d+(?:\.\d+)?s)?( done)?$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package let digest: String
    package let done: Bool
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let (v, d, done) = c.digestStatus(after: "extracting ") else { return nil }
        vertex = v; digest = d; self.done = done
    }
}
