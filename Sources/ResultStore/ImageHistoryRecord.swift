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
