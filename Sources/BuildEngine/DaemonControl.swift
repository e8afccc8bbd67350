import Foundation

/// How a started daemon is watched and stopped: what a `ProcessRunner` hands back with it.
package protocol DaemonControl: Sendable {
    var isRunning: Bool { get }
    /// Exit code once it has ended (128 + N for a signal); nil while it runs.
    var exitCode: Int32? { get }
    func stop(timeout: Double) async
}
