import BuildEngine
import Foundation

/// Other cachebench runs on the same machine during a run: their builds compete with this run's for
/// CPU, disk and network, so the report says so.
final class SharedMachineWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Set<Int32> = []
    private var task: Task<Void, Never>?

    /// Looks at the live sandbox records now and every `interval` seconds until `stop()`.
    func start(records: SandboxRecords, ownNamespace: String, interval: Double = 5) {
        task = Task.detached { [self] in
            while !Task.isCancelled {
                let others = records.all().filter { $0.namespace != ownNamespace && $0.ownerAlive }.map(\.ownerPid)
                lock.withLock { seen.formUnion(others) }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
    }

    /// Stops watching; the pids of the other runs seen, sorted.
    func stop() -> [Int32] {
        task?.cancel()
        return lock.withLock { seen.sorted() }
    }

    /// The stored option's text, or nil when the run had the machine to itself.
    static func note(_ pids: [Int32]) -> String? {
        guard !pids.isEmpty else { return nil }
        return "\(pids.count) other cachebench run(s) shared this machine during the run "
            + "(pid \(pids.map(String.init).joined(separator: ", "))): timings competed for CPU, disk and network"
    }
}
