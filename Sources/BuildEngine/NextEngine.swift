import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the build after the next one runs on, as far as the sandbox must know to start it early.
package enum NextEngine: Sendable {
    /// No further build, or none that needs an engine.
    case none
    /// A dockerd of this distribution (nil: the system's).
    case engine(EngineDistribution?)
}
