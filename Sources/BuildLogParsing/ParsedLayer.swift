public struct ParsedLayer: Codable, Sendable, Equatable {
    /// Short layer id as printed (push/pull, and BuildKit's own `pushing layer`), the full `sha256:` digest for
    /// BuildKit's imports and exports, or the image id (`<missing>` kept as is) for history.
    public var id: String
    public var action: LayerAction
    /// Size in bytes when known (history sizes, `size: N` of a pushed manifest is not a layer and is kept apart).
    public var bytes: Int64?
    /// `docker history`'s CreatedBy, when present.
    public var createdBy: String?
    /// `docker history`'s CreatedAt as printed (RFC 3339, whole seconds): when the layer was first built. A layer
    /// served from a cache keeps the time of the build that made it.
    public var createdAt: String?

    public init(id: String, action: LayerAction, bytes: Int64? = nil, createdBy: String? = nil, createdAt: String? = nil) {
        self.id = id; self.action = action; self.bytes = bytes; self.createdBy = createdBy; self.createdAt = createdAt
    }
}
