import Foundation

/// The bytes a chain's cache backends held after one of its builds.
package struct CacheGrowthPoint: Sendable, Equatable {
    package var scenario: String
    var chainPosition: Int
    /// nil: not measured for this build.
    package var registryBytes: Int64?
    package var localBytes: Int64?
}
