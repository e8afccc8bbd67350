import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Lines from two concurrently read streams, kept in arrival order (all of them, or the tail `retaining` asks for).
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [OutputLine] = []
    private let retention: OutputRetention
    private let onLine: @Sendable (OutputLine) -> Void

    init(retaining retention: OutputRetention = .all, onLine: @escaping @Sendable (OutputLine) -> Void) {
        self.retention = retention
        self.onLine = onLine
    }

    func append(_ stream: OutputStream, _ at: Double, _ text: String) {
        let line = OutputLine(stream: stream, at: at, text: text)
        // Under the lock: `onLine` sees the lines in the order they are kept (a streaming parser depends on it).
        lock.withLock {
            storage.keep(line, retaining: retention)
            onLine(line)
        }
    }

    var lines: [OutputLine] { lock.withLock { storage } }
}
