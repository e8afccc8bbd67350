import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT, SIGTERM and SIGHUP as a stop of a supervisor: dispatch signal sources (not signal handlers), so
/// the stop runs on an ordinary dispatch thread. Installed by the CLI's entry point for the commands that
/// start processes.
package enum SignalTrap {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// On a signal: `onSignal`, a note on stderr, then `supervisor.stop(signal:)`, which cancels the
    /// command's task and stops everything. The main task exits with 128 + N once the stop is done
    /// (`ProcessSupervisor.waitForStop`); should it not within `exitAfter` seconds (it ignored the
    /// cancellation), the process exits here with that code. Once per process: later calls do nothing
    /// (`run --confirm` predicts, then runs).
    package static func install(supervisor: ProcessSupervisor, exitAfter: Double = 30,
                                onSignal: @escaping @Sendable (Int32) -> Void = { _ in }) {
        guard sources.isEmpty else { return }
        let queue = DispatchQueue(label: "cachebench.signals")
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler {
                guard !supervisor.isStopping else { return }  // a second Ctrl-C changes nothing
                onSignal(sig)
                FileHandle.standardError.write(Data("\ncachebench: interrupted, stopping engines and removing temp dirs...\n".utf8))
                supervisor.stop(signal: sig)
                queue.asyncAfter(deadline: .now() + exitAfter) { exit(128 + sig) }
            }
            source.resume()
            sources.append(source)
        }
    }
}
