import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs `action` once `count` calls to `tick` have happened.
final class Countdown: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: Int
    private let action: @Sendable () -> Void

    init(_ count: Int, action: @escaping @Sendable () -> Void) {
        remaining = count
        self.action = action
    }

    func tick() {
        let fire = lock.withLock { () -> Bool in
            remaining -= 1
            return remaining == 0
        }
        if fire { action() }
    }
}
