import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Bandwidth shared by every connection in one direction, like one link.
final class TokenBucket: @unchecked Sendable {
    private let lock = NSLock()
    private let rate: Double?
    private var nextFree = Date.distantPast

    init(bytesPerSecond: Double?) { rate = bytesPerSecond }

    /// When `bytes` may be sent, no earlier than `notBefore`.
    func reserve(_ bytes: Int, notBefore: Date) -> Date {
        guard let rate else { return notBefore }
        return lock.withLock {
            let start = max(notBefore, nextFree)
            nextFree = start.addingTimeInterval(Double(bytes) / rate)
            return nextFree
        }
    }
}
