/// Guesses a log's format from single lines.
///
/// Strong evidence decides at once. Pull lines are weak evidence, because a legacy `docker build`
/// pulls its base image inside the FROM step and its merged stdout/stderr may start with them.
package enum FormatDetector {
    package enum Evidence: Equatable { case strong(LogFormat), weak(LogFormat) }

    /// How many undecided lines the streaming parser buffers before settling on its best guess.
    package static let window = 32

    package static func evidence(_ line: LogLine) -> Evidence? {
        guard let first = line.bytes.first else { return nil }
        switch first {
        case UInt8(ascii: "#"):
            var c = line.cursor()
            return c.vertexPrefix() != nil ? .strong(.buildkitPlain) : nil
        case UInt8(ascii: "{"):
            if RawJSONStatus.hasStatusKey(line) { return .strong(.buildkitRawjson) }
            if line.cursor().contains("\"CreatedBy\":") { return .strong(.history) }
            return nil
        default:
            break
        }
        if LegacyStep(line) != nil || LegacySendingContext(line) != nil || LegacyDeprecation(line) != nil
            || LegacyRunningIn(line) != nil || LegacyUsingCache(line) != nil || LegacyCommandFailed(line) != nil {
            return .strong(.legacy)
        }
        if BuildahStep(line) != nil || BuildahStepError(line) != nil { return .strong(.buildah) }
        if PushRefers(line) != nil || PushLayer(line) != nil || PushDigest(line) != nil { return .strong(.push) }
        if PullFrom(line) != nil || PullLayer(line) != nil || PullDigest(line) != nil || PullStatus(line) != nil {
            return .weak(.pull)
        }
        // A missing tag is what `docker pull` reports most; a build would have printed its steps first.
        if let e = CommandError(line), e.message.contains("manifest for ") || e.message.contains("manifest unknown") {
            return .weak(.pull)
        }
        return nil
    }

    /// The format of a whole small text (tests, the CLI's report), nil if nothing is recognisable.
    package static func detect(lines: some Sequence<String>) -> LogFormat? {
        var weak: LogFormat?
        for text in lines {
            switch LogLine.with(text, { evidence($0) }) {
            case .strong(let f): return f
            case .weak(let f): weak = weak ?? f
            case nil: continue
            }
        }
        return weak
    }
}
