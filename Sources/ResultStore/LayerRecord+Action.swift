import GRDB

extension LayerRecord {
    /// What a phase did with one layer; stored as its raw value in `layer.action`.
    package enum Action: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
        /// A push sent it.
        case pushed
        /// A push found it already in the registry.
        case exists
        /// A push mounted it from another repository of the registry.
        case mounted
        /// A pull fetched it.
        case pulled
        /// A pull found it already in the engine.
        case alreadyExists = "already-exists"
        /// The CI cache directory copied onto the runner (`bytes` is its size).
        case restored
        /// The CI cache directory copied back after the build.
        case saved
        /// BuildKit fetched it itself during a build phase from a cache source (`--cache-from` registry, local cache
        /// dir or inline-cache image), e.g. a cached step's layer pulled lazily; `layerId` is its digest.
        case imported
        /// BuildKit's cache export (`--cache-to type=registry|local`) wrote it to a backend that did not hold it yet.
        case exported

        /// True when the bytes crossed the network (a layer that already existed or was mounted cost nothing).
        package var transferred: Bool {
            switch self {
            case .pushed, .pulled, .imported, .exported: return true
            case .exists, .mounted, .alreadyExists, .restored, .saved: return false
            }
        }
    }
}
