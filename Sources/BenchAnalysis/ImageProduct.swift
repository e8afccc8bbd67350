import Foundation
import ResultStore

/// What one build produced, from the `docker history` read after it: the final image's size and which of its
/// layers the build reused (made before it started: the cache source's or the base image's) or made itself.
package struct ImageProduct: Sendable, Equatable {
    package var strategy: String
    package var scenario: String
    package var iteration: Int
    /// Sum of the final image's history sizes (uncompressed, as the engine stores them); nil when not measured.
    package var finalImageBytes: Int64?
    /// Rows of the final image that add a layer (size above 0), top first.
    package var reused: [ImageLayerRecord]
    package var built: [ImageLayerRecord]
    /// Why there is no figure, when there is none.
    package var notMeasured: String?
}
