@testable import BenchRunner
import BuildEngine
import Foundation
import Testing

@Suite struct SharedMachineTests {
    @Test func anotherLiveRunIsSeenAndNamedAndOurOwnIsNot() async throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("cb-shared-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let records = SandboxRecords(cacheDirectory: cache)
        // Our own record, and one of another live process (this test's parent stands in for it).
        try records.save(SandboxRecord(namespace: "cachebench-own", tempRoot: "/nonexistent", registryStorage: nil))
        var other = SandboxRecord(namespace: "cachebench-other", tempRoot: "/nonexistent", registryStorage: nil)
        other.ownerPid = getppid()
        other.ownerStartTime = ProcessState.stat(getppid())?.startTime ?? 0
        try records.save(other)
        let watch = SharedMachineWatch()
        watch.start(records: records, ownNamespace: "cachebench-own", interval: 0.05)
        try await Task.sleep(for: .milliseconds(300))
        let seen = watch.stop()
        #expect(seen == [getppid()])
        #expect(SharedMachineWatch.note(seen)
            == "1 other cachebench run(s) shared this machine during the run (pid \(getppid())): timings competed for CPU, disk and network")
        #expect(SharedMachineWatch.note([]) == nil)
    }
}
