import Foundation
import GRDB

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
