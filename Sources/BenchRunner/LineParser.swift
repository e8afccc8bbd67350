import BuildEngine
import BuildLogParsing
import Foundation

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
