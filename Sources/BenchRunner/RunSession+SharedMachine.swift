import BuildEngine
import Foundation
import ResultStore

extension RunSession {
    /// Stores `sharedMachine` in the run's options when other runs were seen.
    static func recordSharedMachine(_ watch: SharedMachineWatch, store: ResultStore, runId: Int64,
                                    events: @Sendable (RunEvent) -> Void) {
        guard let note = SharedMachineWatch.note(watch.stop()) else { return }
        events(.note(note))
        try? store.setRunOption(id: runId, key: "sharedMachine", value: note)
    }
}
