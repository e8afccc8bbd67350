import DockerfileModel
import Foundation
import ResultStore

extension Builder {
    /// Whose numbering and cache rules apply: buildx drives BuildKit.
    package var family: BuilderFamily {
        switch self {
        case .legacy: return .legacy
        case .buildkit, .buildx: return .buildKit
        case .buildah: return .buildah
        }
    }
}
