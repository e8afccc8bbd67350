import Foundation

/// A change that broke the build itself: at one chain position of one iteration, every strategy's build
/// failed while the previous build of each chain worked. That is the scenario's error, not each strategy's.
package struct ScenarioError: Sendable, Equatable {
    package var scenario: String
    package var iteration: Int
    package var chainPosition: Int
    /// The strategies whose builds failed (all of them).
    package var strategies: [String]
    /// True when the control arm `none` (no cache at all) failed too, which rules the cache out.
    package var controlFailed: Bool
    /// The first failed build's error.
    package var error: String?
}
