import Foundation
import GRDB

/// One row of an image's `docker history`, top (newest) first.
package struct ImageLayerRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "imageLayer"
    package var id: Int64?
    package var buildId: Int64
    var historyId: Int64
    /// 0 for the top row, as `docker history` prints it.
    package var ordinal: Int
    /// The image id as printed; `<missing>` when the engine holds no image for that row (under the legacy builder:
    /// a layer of a pulled image, not one built here).
    package var layerId: String
    package var createdBy: String?
    package var createdAt: Date?
    /// Size as the engine reports it (uncompressed); 0 for a row that adds no layer (CMD, ENV, ...).
    package var bytes: Int64?
    /// True when the layer existed before this build started (it came from the cache source or the base image),
    /// false when this build made it; nil when the row carries no creation time.
    package var reused: Bool?

    package init(id: Int64? = nil, buildId: Int64 = 0, historyId: Int64 = 0, ordinal: Int, layerId: String, createdBy: String?,
                 createdAt: Date?, bytes: Int64?, reused: Bool?) {
        self.id = id; self.buildId = buildId; self.historyId = historyId; self.ordinal = ordinal; self.layerId = layerId
        self.createdBy = createdBy; self.createdAt = createdAt; self.bytes = bytes; self.reused = reused
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
