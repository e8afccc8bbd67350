import GRDB

extension LayerRecord {
    /// What a phase did with one layer; stored as its raw value in `layer.action`.
    public enum Action: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
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

        /// True when the bytes crossed the network (a layer that already existed or was mounted cost nothing).
        public var transferred: Bool {
            switch self {
            case .pushed, .pulled: return true
            case .exists, .mounted, .alreadyExists, .restored, .saved: return false
            }
        }
    }
}
