import Foundation

/// A command that stops with a documented code: the message (when there is one) is printed as `error: ...` on stderr.
struct CommandFailure: LocalizedError {
    var exit: CacheBenchExit
    var message: String?

    init(_ exit: CacheBenchExit, _ message: String? = nil) {
        self.exit = exit
        self.message = message
    }

    var errorDescription: String? { message }
}
