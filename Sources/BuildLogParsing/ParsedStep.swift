/// One Dockerfile step as an engine reported it.
public struct ParsedStep: Codable, Sendable, Equatable {
    /// Stage name as printed (`compile-image`, `stage-1`); nil where the engine does not print it (legacy builder).
    public var stage: String?
    /// 1-based step number within the stage (BuildKit, buildah) or within the build (legacy `Step N/M`).
    public var index: Int?
    /// The `M` of `N/M`, when printed.
    public var of: Int?
    /// The instruction text, e.g. `RUN apt-get update`.
    public var instruction: String
    /// True when the engine served this step from cache.
    public var cached: Bool
    /// Step duration: BuildKit's DONE figure; legacy/buildah from the line timestamps recorded while streaming.
    public var seconds: Double?
    /// Error text when the step failed.
    public var error: String?

    public init(stage: String? = nil, index: Int? = nil, of: Int? = nil, instruction: String,
                cached: Bool = false, seconds: Double? = nil, error: String? = nil) {
        self.stage = stage; self.index = index; self.of = of; self.instruction = instruction
        self.cached = cached; self.seconds = seconds; self.error = error
    }
}
