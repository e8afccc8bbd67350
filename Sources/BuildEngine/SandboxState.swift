import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The mutable part of a sandbox: its record, the engine of the build in progress and the spare.
final class SandboxState: @unchecked Sendable {
    private let lock = NSLock()
    private var storedRecord: SandboxRecord
    private var storedCurrent: DockerEngine?
    private var spare: SpareEngine?
    private var next = NextEngine.none

    func takeSpare() -> SpareEngine? { lock.withLock { defer { spare = nil }; return spare } }
    func setSpare(_ new: SpareEngine) { lock.withLock { spare = new } }
    func takeNext() -> NextEngine { lock.withLock { defer { next = .none }; return next } }
    func setNext(_ new: NextEngine) { lock.withLock { next = new } }

    init(record: SandboxRecord) { storedRecord = record }

    var record: SandboxRecord { lock.withLock { storedRecord } }
    var current: DockerEngine? {
        get { lock.withLock { storedCurrent } }
        set { lock.withLock { storedCurrent = newValue } }
    }

    func update(_ change: (inout SandboxRecord) -> Void) -> SandboxRecord {
        lock.withLock { change(&storedRecord); return storedRecord }
    }
}
