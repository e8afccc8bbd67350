import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking FIFO of chunks between a pipe's reader and writer.
final class ChunkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [([UInt8], Date)] = []
    private var closed = false

    func push(_ chunk: [UInt8], due: Date) {
        condition.withLock {
            items.append((chunk, due))
            condition.signal()
        }
    }

    func close() {
        condition.withLock {
            closed = true
            condition.signal()
        }
    }

    func pop() -> ([UInt8], Date)? {
        condition.withLock {
            while items.isEmpty && !closed { condition.wait() }
            return items.isEmpty ? nil : items.removeFirst()
        }
    }
}
