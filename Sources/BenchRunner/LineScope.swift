import BuildEngine
import Foundation

/// How often a script line runs.
package enum LineScope: String, Sendable, Codable {
    /// Once.
    case once
    /// Once per cached stage (every stage the target needs except the target), in build order.
    case eachStage
    /// Once per stage tag, then once for `:latest`.
    case eachTag
}
