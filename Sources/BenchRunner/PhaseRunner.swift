import BuildEngine
import BuildLogParsing
import Foundation
import ResultStore

/// Runs one engine command of a build and parses its output as it arrives: each line goes through the redaction and
/// into a `StreamingLogParser` the moment the runner reports it, so the log is parsed once, while the build runs.
struct PhaseRunner: Sendable {
    let runner: any ProcessRunner
    /// Every secret value masked in all output, before it is parsed, shown or stored.
    let redaction: Redaction
    /// A phase that runs longer is stopped: `EngineError.phaseTimedOut`.
    let timeout: Double
    let events: @Sendable (RunEvent) -> Void

    /// A finished command: its (redacted) result, and its log as parsed while it ran.
    struct Output: Sendable {
        var result: CommandResult
        var parsed: ParsedLog
    }

    func run(_ command: Command, kind: PhaseKind, builder: Builder) async throws -> Output {
        let parser = LineParser(format: Self.format(kind: kind, builder: builder))
        let redaction = self.redaction
        let events = self.events
        let result = redaction.apply(try await runner.run(command, timeout: timeout) { output in
            let text = redaction.apply(output.text)
            parser.consume(text, at: output.at)
            if LiveActivity.isStepLine(output.text) { events(.activity(text)) }
        })
        return Output(result: result, parsed: parser.finish(at: result.wallSeconds))
    }

    /// The log format a phase prints.
    static func format(kind: PhaseKind, builder: Builder) -> LogFormat {
        switch kind {
        case .build: return builder == .legacy ? .legacy : builder == .buildah ? .buildah : .buildkitPlain
        case .pull: return .pull
        case .push: return .push
        case .tag, .restore, .save: return .push
        }
    }
}

/// A `StreamingLogParser` the runner's line callback feeds; the runner calls it from its reader tasks, one line at a time.
final class LineParser: @unchecked Sendable {
    private let lock = NSLock()
    private var parser: StreamingLogParser

    init(format: LogFormat) { parser = StreamingLogParser(format: format) }

    func consume(_ line: String, at: Double) {
        lock.withLock { parser.consume(Substring(line), at: at) }
    }

    func finish(at seconds: Double) -> ParsedLog {
        lock.withLock { parser.finish(at: seconds) }
    }
}

/// Recognises the lines worth echoing as live progress.
enum LiveActivity {
    static func isStepLine(_ line: String) -> Bool {
        if line.hasPrefix("Step ") { return true }
        guard line.hasPrefix("#") else { return false }
        return line.contains(" [") && !line.contains("[internal]")
    }
}
