import Foundation
import GRDB

/// What `cachebench run --resume` changes in a stored run.
extension ResultStore {
    /// Marks an interrupted run `running` again and clears its finish time.
    package func reopenRun(id: Int64) throws {
        try queue.write { db in
            try db.execute(sql: "UPDATE run SET status = ?, finishedAt = NULL WHERE id = ?", arguments: [RunStatus.running, id])
        }
    }

    /// Deletes the builds of one chain (a strategy in an iteration, on one engine), with their phases, steps
    /// and layers, in one transaction: a chain cut short is re-run from its start.
    package func deleteChain(runId: Int64, iteration: Int, strategy: String, engine: String?) throws {
        try queue.write { db in
            try db.execute(sql: "DELETE FROM build WHERE runId = ? AND iteration = ? AND strategy = ? AND engine IS ?",
                           arguments: [runId, iteration, strategy, engine])
        }
    }
}
