import Foundation
import GRDB

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
