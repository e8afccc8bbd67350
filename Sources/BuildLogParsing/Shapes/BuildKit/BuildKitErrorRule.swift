/// The rules around BuildKit's error summary: `------` (docker 20.10 and buildx) and the
/// 20-dash rule around buildx's Dockerfile excerpt. No captures.
package struct BuildKitErrorRule: LineShape {
    package static let pattern = #"^(?:-{6}|-{20})$"#
    package static let formats: Set<LogFormat> = [.buildkitPlain]
    package init?(_ line: LogLine) {
        guard line.count == 6 || line.count == 20 else { return nil }
        for i in 0..<line.count where line[i] != UInt8(ascii: "-") { return nil }
    }
}
