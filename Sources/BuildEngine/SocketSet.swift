import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The sockets of one exchange: shut down on cancellation (which wakes blocked calls), closed at the end.
final class SocketSet: @unchecked Sendable {
    private let lock = NSLock()
    private var fds: [Int32]
    private var closed = false

    init(_ fds: [Int32]) { self.fds = fds }

    func insert(_ fd: Int32) {
        let late = lock.withLock { () -> Bool in
            if !closed { fds.append(fd) }
            return closed
        }
        if late { close(fd) }
    }

    func shutdownAll() {
        for fd in lock.withLock({ fds }) { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    func closeAll() {
        let all = lock.withLock { () -> [Int32] in
            closed = true
            defer { fds = [] }
            return fds
        }
        for fd in all {
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
        }
    }
}
