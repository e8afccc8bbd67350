/// Which engine output a log holds. Raw values are the `format` strings of `cachebench parse-log --format json`.
public enum LogFormat: String, Codable, Sendable, CaseIterable {
    /// BuildKit `--progress=plain` (`#N [stage 1/3] RUN ...`, `#N CACHED`, `#N DONE 1.2s`).
    case buildkitPlain = "buildkit-plain"
    /// BuildKit/buildx `--progress=rawjson`: one SolveStatus JSON object per line.
    case buildkitRawjson = "buildkit-rawjson"
    /// The legacy builder (`Step N/M : INSTR`, ` ---> Using cache`).
    case legacy
    /// `buildah build` (`STEP k/m: INSTR`, `--> Using cache`).
    case buildah
    /// `docker push` output.
    case push
    /// `docker pull` output.
    case pull
    /// `docker history --no-trunc --format '{{json .}}'`.
    case history
}

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

/// What happened to one layer in a push, a pull, or one row of `docker history`.
public enum LayerAction: String, Codable, Sendable {
    case pushed, exists, mounted, pulled
    case alreadyExists = "already-exists"
    /// A `docker history` row.
    case history
    /// BuildKit fetched it from a cache source during a build (`--cache-from` registry, local dir or inline-cache
    /// image): a cached step's layer pulled when a later step or the export needed it (a download ending `done`, or an
    /// extraction, under a vertex that is not a FROM). `id` is the full digest.
    case imported
    /// BuildKit's cache export wrote it to the cache backend (`--cache-to type=registry|local`). `id` is the full
    /// digest; whether the backend already held it is not in the log.
    case exported
}

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

/// Everything a parser extracted from one log.
public struct ParsedLog: Codable, Sendable, Equatable {
    public var format: LogFormat
    public var steps: [ParsedStep]
    public var layers: [ParsedLayer]
    /// Lines that no line shape recognised. Pinned per fixture by tests: it can only go down.
    public var unmatchedLines: Int
    /// Build- or command-level error text (e.g. `The command '...' returned a non-zero code: 3`), if any.
    public var error: String?
    /// Manifest digest printed by push (`TAG: digest: sha256:... size: N`) or pull (`Digest: ...`).
    public var digest: String?

    public init(format: LogFormat, steps: [ParsedStep] = [], layers: [ParsedLayer] = [],
                unmatchedLines: Int = 0, error: String? = nil, digest: String? = nil) {
        self.format = format; self.steps = steps; self.layers = layers
        self.unmatchedLines = unmatchedLines; self.error = error; self.digest = digest
    }
}
