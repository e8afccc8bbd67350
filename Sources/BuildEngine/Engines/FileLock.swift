import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on a file, so that two cachebench processes never fetch into the same directory at once.
/// The kernel drops the lock when the process dies, so a crashed fetch never leaves it held.
package final class FileLock: @unchecked Sendable {
    private let descriptor: Int32
    package let path: String

    private init(descriptor: Int32, path: String) { self.descriptor = descriptor; self.path = path }

    /// Waits for the lock, calling `waiting` once if another process holds it.
    package static func acquire(_ path: String, waiting: @Sendable () -> Void = {}) async throws -> FileLock {
        // O_NOFOLLOW: locks live in the cache dir, written as root; a planted symlink must not redirect them.
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw EngineSetupError.locked(path: path, reason: String(cString: strerror(errno))) }
        var told = false
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw EngineSetupError.locked(path: path, reason: reason)
            }
            if !told { waiting(); told = true }
            do { try await Task.sleep(for: .milliseconds(500)) } catch { close(fd); throw error }
        }
        return FileLock(descriptor: fd, path: path)
    }

    /// True when another process (or another descriptor) holds the lock right now.
    package static func isHeld(_ path: String) -> Bool {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return flock(fd, LOCK_EX | LOCK_NB) != 0
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
