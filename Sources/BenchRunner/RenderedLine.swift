import BuildEngine
import Foundation
import ResultStore

/// A script line with every placeholder filled.
package struct RenderedLine: Sendable, Equatable {
    package var kind: PhaseKind
    /// Arguments after the client (`docker`), e.g. `["build", "-t", ...]`.
    package var arguments: [String]
    package var allowFailure: Bool
}
