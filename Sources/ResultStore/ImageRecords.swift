import Foundation
import GRDB

/// One image a build produced, read after the build with `docker history` (outside the timed script): the final
/// image and every stage image the strategy pushed.
package struct ImageHistoryRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "imageHistory"
    package var id: Int64?
    package var buildId: Int64
    package var ordinal: Int
    /// The reference inspected, e.g. `127.0.0.1:5000/r3-i1/per-stage/app:compile-image`.
    package var image: String
    /// True for the image the build's final target produced (`:latest`).
    package var isFinal: Bool
    /// JSON array: the exact argv run.
    package var argv: String
    package var exitCode: Int
    /// stdout and stderr as printed (the raw log the layer rows come from).
    package var output: String

    package init(id: Int64? = nil, buildId: Int64 = 0, ordinal: Int, image: String, isFinal: Bool, argv: String, exitCode: Int,
                 output: String) {
        self.id = id; self.buildId = buildId; self.ordinal = ordinal; self.image = image; self.isFinal = isFinal
        self.argv = argv; self.exitCode = exitCode; self.output = output
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

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

/// What a cache backend holds after a build: measured, never estimated.
package struct CacheUsageRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "cacheUsage"
    package var id: Int64?
    package var buildId: Int64
    /// `registry` (the blobs linked into the chain's repositories) or `local` (the CI cache's copy of the cache dir).
    package var backend: String
    /// The repositories (comma-separated) or the directory measured.
    package var location: String
    package var bytes: Int64
    /// Distinct blobs (registry) or regular files (local).
    package var items: Int

    package init(id: Int64? = nil, buildId: Int64 = 0, backend: String, location: String, bytes: Int64, items: Int) {
        self.id = id; self.buildId = buildId; self.backend = backend; self.location = location; self.bytes = bytes
        self.items = items
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// An inspected image with its history rows, as a build is written.
package struct InspectedImage: Codable, Sendable, Equatable {
    package var history: ImageHistoryRecord
    package var layers: [ImageLayerRecord]

    package init(history: ImageHistoryRecord, layers: [ImageLayerRecord]) {
        self.history = history
        self.layers = layers
    }
}

extension ResultStore {
    /// The `history-cache-usage` migration: the builder each build used, the images it produced, and the bytes its
    /// cache backends held afterwards. Builds stored before it have none of these and render "not measured".
    static func createImageAndCacheTables(_ db: Database) throws {
        try db.alter(table: "build") { t in t.add(column: "builder", .text) }
        try db.create(table: "imageHistory") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("build", onDelete: .cascade).notNull()
            t.column("ordinal", .integer).notNull()
            t.column("image", .text).notNull()
            t.column("isFinal", .boolean).notNull()
            t.column("argv", .text).notNull()
            t.column("exitCode", .integer).notNull()
            t.column("output", .text).notNull()
        }
        try db.create(table: "imageLayer") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("build", onDelete: .cascade).notNull()
            t.belongsTo("history", inTable: "imageHistory", onDelete: .cascade).notNull()
            t.column("ordinal", .integer).notNull()
            t.column("layerId", .text).notNull()
            t.column("createdBy", .text)
            t.column("createdAt", .datetime)
            t.column("bytes", .integer)
            t.column("reused", .boolean)
        }
        try db.create(table: "cacheUsage") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("build", onDelete: .cascade).notNull()
            t.column("backend", .text).notNull()
            t.column("location", .text).notNull()
            t.column("bytes", .integer).notNull()
            t.column("items", .integer).notNull()
        }
    }

    /// Writes the images and cache usage of a build inside its transaction.
    static func writeImagesAndCacheUsage(_ new: NewBuild, buildId: Int64, db: Database) throws {
        for image in new.images {
            var history = image.history
            history.buildId = buildId
            try history.insert(db)
            for layer in image.layers {
                var layer = layer
                layer.buildId = buildId
                layer.historyId = history.id!
                try layer.insert(db)
            }
        }
        for usage in new.cacheUsage {
            var usage = usage
            usage.buildId = buildId
            try usage.insert(db)
        }
    }

    /// The images and cache usage of a stored build.
    func readImagesAndCacheUsage(buildId: Int64, db: Database) throws -> (images: [InspectedImage], cacheUsage: [CacheUsageRecord]) {
        let histories = try ImageHistoryRecord.filter(Column("buildId") == buildId).order(Column("ordinal")).fetchAll(db, store: self)
        let layers = try ImageLayerRecord.filter(Column("buildId") == buildId).order(Column("historyId"), Column("ordinal"))
            .fetchAll(db, store: self)
        let images = histories.map { history in InspectedImage(history: history, layers: layers.filter { $0.historyId == history.id }) }
        let usage = try CacheUsageRecord.filter(Column("buildId") == buildId).order(Column("id")).fetchAll(db, store: self)
        return (images, usage)
    }
}
