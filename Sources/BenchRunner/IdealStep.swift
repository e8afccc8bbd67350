import DockerfileModel
import Foundation
import ResultStore

/// The model's verdict on one step a builder prints.
package struct IdealStep: Sendable, Equatable {
    package var state: IdealState
    /// The instruction's first line in the Dockerfile: its identity across builders.
    var line: Int
    /// For a content-dependent step, the lines of the steps whose copied content decides it.
    var contentRoots: [Int]
}
