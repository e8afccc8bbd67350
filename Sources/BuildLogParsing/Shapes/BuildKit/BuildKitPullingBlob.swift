/// A blob that the BuildKit of docker 20.10 (0.8) pulls lazily under a cached step, with no progress figures:
/// `#12 pulling sha256:a103...`, then the same with ` 0.6s done`. Captures: 1 vertex, 2 blob digest, 3 `done`.
package struct BuildKitPullingBlob: LineShape {
    package static let pattern = #"^#(\d+) pulling (sha256:[0-9a-f]{64})(?: \d+(?:\.\d+)?s)?( done)?$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package let vertex: Int
    package let digest: String
    package let done: Bool
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let (v, d, done) = c.digestStatus(after: "pulling ") else { return nil }
        vertex = v; digest = d; self.done = done
    }
}
