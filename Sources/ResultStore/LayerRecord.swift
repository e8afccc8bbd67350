import Foundation
import GRDB

/// One layer a push or pull moved (or found already there), joined with the registry's manifest for its size.
package struct LayerRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "layer"
    package var id: Int64?
    package var buildId: Int64
    package var phaseId: Int64
    package var ordinal: Int
    /// The short id the engine printed.
    package var layerId: String
    package var action: Action
    /// Compressed size from the registry manifest, when it could be joined.
    package var bytes: Int64?

    package init(id: Int64? = nil, buildId: Int64 = 0, phaseId: Int64 = 0, ordinal: Int, layerId: String, action: Action,
                 bytes: Int64?) {
        self.id = id; self.buildId = buildId; self.phaseId = phaseId; self.ordinal = ordinal
        self.layerId = layerId; self.action = action; self.bytes = bytes
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// True when the bytes crossed the network (a layer that already existed or was mounted cost nothing).
    package var transferred: Bool { action.transferred }
}
