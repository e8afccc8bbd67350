import BuildEngine
import BuildLogParsing
import Foundation
import ResultStore

/// Runs one engine command of a build and takes its output as it arrives: each line goes through the redaction, into
/// a `StreamingLogParser` and into an `OutputSpool` the moment the runner reports it. The log is parsed once, while
/// the build runs, and what is held in memory does not grow with the log: the runner keeps only a tail for error
/// messages, the spool writes what its bound cannot hold to a file for the store.
struct PhaseRunner: Sendable {
    let runner: any ProcessRunner
    /// Every secret value masked in all output, before it is parsed, shown or stored.
    let redaction: Redaction
    /// A phase that runs longer is stopped: `EngineError.phaseTimedOut`.
    let timeout: Double
    /// Where the output past `inlineBytes` is spooled until the build is stored (under the run's temp directory).
    let spoolDirectory: URL
    var inlineBytes = OutputSpool.defaultInlineBytes
    let events: @Sendable (RunEvent) -> Void

    /// Lines the runner keeps for an error message (`CommandResult.tail` shows three).
    static let tailLines = 16

    /// A finished command: its (redacted) result holding only its last lines, its log as parsed while it ran, and its
    /// output as the store takes it.
    struct Output: Sendable {
        var result: CommandResult
        var parsed: ParsedLog
        var log: SpooledOutput
        /// The most bytes of output the spool held in memory at once (`OutputSpool.peakHeldBytes`).
        var heldBytes: Int
    }

    func run(_ command: Command, kind: PhaseKind, builder: Builder) async throws -> Output {
        let parser = LineParser(format: Self.format(kind: kind, builder: builder))
        let spool = OutputSpool(directory: spoolDirectory, inlineBytes: inlineBytes)
        let redaction = self.redaction
        let events = self.events
        let result: CommandResult
        do {
            result = redaction.apply(try await runner.run(command, timeout: timeout, retaining: .tail(Self.tailLines)) { output in
                let text = redaction.apply(output.text)
                parser.consume(text, at: output.at)
                spool.append(text, at: output.at)
                if LiveActivity.isStepLine(output.text) { events(.activity(text)) }
            })
        } catch {
            spool.discard()
            throw error
        }
        return Output(result: result, parsed: parser.finish(at: result.wallSeconds), log: try spool.finish(),
                      heldBytes: spool.peakHeldBytes)
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
