/// An image a Dockerfile pulls from a registry, where it is written: a stage's `FROM`, a `COPY/ADD --from`
/// or a `RUN --mount=from=` that names no stage.
public struct ImageSite: Equatable, Hashable, Sendable {
    /// Which instruction names the image.
    public enum Kind: String, Sendable {
        /// `FROM image`.
        case from
        /// `COPY --from=image` or `ADD --from=image`.
        case copyFrom
        /// `RUN --mount=...,from=image`.
        case mountFrom
    }

    public let kind: Kind
    /// The stage the instruction belongs to, by index.
    public let stage: Int
    /// The instruction's first and last line, 1-based.
    public let startLine: Int
    public let endLine: Int
    /// The reference as written, variables unexpanded (`${REGISTRY}/org/app:${TAG}`).
    public let written: String
    /// After substitution of the ARGs declared before the first FROM; unset names expand to nothing.
    public let expanded: String
    /// True when every variable `written` names has a value, so `expanded` is what the builder will pull.
    /// Platform ARGs that BuildKit fills in itself (`TARGETARCH`) have none here.
    public let isResolved: Bool

    /// Creates a site.
    public init(kind: Kind, stage: Int, startLine: Int, endLine: Int, written: String, expanded: String, isResolved: Bool) {
        self.kind = kind
        self.stage = stage
        self.startLine = startLine
        self.endLine = endLine
        self.written = written
        self.expanded = expanded
        self.isResolved = isResolved
    }
}
