import BenchAnalysis
import Foundation

/// A layer of a pushed image: the id the engine printed and its compressed size from the registry's manifest.
package struct ImageLayer: Sendable, Equatable {
    package var id: String
    package var bytes: Int64
    package init(id: String, bytes: Int64) { self.id = id; self.bytes = bytes }
}
