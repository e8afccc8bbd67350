import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Bytes that went one way through a proxy, across all its connections.
final class ByteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var total: Int64 = 0

    var value: Int64 { lock.withLock { total } }
    func add(_ bytes: Int) { lock.withLock { total += Int64(bytes) } }
}
