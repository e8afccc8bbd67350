import Foundation

/// One strategy's chain in one iteration, build after build.
package struct CacheGrowth: Sendable, Equatable {
    package var strategy: String
    package var iteration: Int
    package var points: [CacheGrowthPoint]
}
