/// The ideal cache after a change: per stage, the first instruction whose cache the change
/// invalidates, and everything downstream of it (later instructions, dependent stages).
///
/// Rules, as Docker applies them:
/// - a changed path invalidates the first `COPY`/`ADD` (without `--from`) whose source covers
///   it: a glob with `filepath.Match` semantics, a directory covering files below it, `.`
///   covering everything; paths that `.dockerignore` excludes never reach the builder; `RUN
///   --mount=type=bind,source=...` without `from` counts as a context source too;
/// - a changed build arg invalidates, after its `ARG` in the stage, the first instruction that
///   references it or the first `RUN` (build args are in every RUN's environment); a changed
///   global ARG used in `FROM` invalidates the whole stage;
/// - a changed base image invalidates the whole stage built FROM it, and any `COPY --from` or
///   `--mount=from=` naming that image;
/// - an invalidated stage invalidates the stages built FROM it (whole stage); an instruction that
///   copies or mounts from it (or from a changed image) depends on content: builders key that
///   content by its checksum, so it stays cached when the copied files come out identical;
/// - with BuildKit, instructions that are not steps (ENV, LABEL, USER, ...) never split a stage: an
///   ENV built from a changed arg passes the change on to the instructions that use it.
///
/// JSON (``jsonString(pretty:)``):
/// ```
/// {"changedPaths": [..], "ignoredPaths": [..], "changedBuildArgs": [..], "changedBaseImages": [..],
///  "target": 1, "invalidatedStages": [0, 1],
///  "stages": [{"index": 0, "name": "build" | null, "invalidated": true,
///              "firstInvalidated": STEP | null, "cause": "..." | null,
///              "invalidatedSteps": [STEP], "cachedSteps": [STEP], "dependentStages": [1],
///              "firstDependsOnContent": STEP | null, "contentCause": "..." | null,
///              "dependsOnContentSteps": [STEP]}]}
/// STEP = {"position": 4, "line": 5, "endLine": 5, "instruction": "COPY hello.c ."}
/// ```
/// `position` counts from the stage's FROM (0), as builders number a stage's steps.
public struct ChangeImpact: Equatable, Sendable {
    /// One instruction of a stage.
    public struct Step: Equatable, Sendable {
        /// Stage index.
        public let stage: Int
        /// Position in the stage: 0 is FROM.
        public let position: Int
        /// First line, 1-based.
        public let startLine: Int
        /// Last line, 1-based.
        public let endLine: Int
        /// The instruction text (continuation lines joined).
        public let instruction: String
    }

    /// A step whose cache depends on copied content, with the steps that copy it.
    public struct ContentDependentStep: Equatable, Sendable {
        public let step: Step
        /// The `COPY --from` / `RUN --mount=from` steps (this stage's or, through FROM, an earlier
        /// stage's) whose copied content decides it: when a build served each of them from cache,
        /// the content was unchanged and this step is cached too.
        public let roots: [Step]
    }

    /// The effect on one stage.
    public struct StageImpact: Equatable, Sendable {
        /// Stage index.
        public let index: Int
        /// Stage name, nil if unnamed.
        public let name: String?
        /// The first instruction whose cache is invalidated, nil if the whole stage stays cached.
        public let firstInvalidated: Step?
        /// Why ``firstInvalidated`` is invalidated.
        public let cause: String?
        /// ``firstInvalidated`` and every instruction after it.
        public let invalidated: [Step]
        /// The instructions before ``firstDependsOnContent`` and ``firstInvalidated`` (all of them if
        /// nothing is invalidated).
        public let cached: [Step]
        /// Later stages invalidated because they use this one (directly or transitively).
        public let dependentStages: [Int]
        /// The first step, before ``firstInvalidated``, whose cache hangs on content copied or mounted
        /// from a rebuilt stage or a changed image (builders key that content by its checksum).
        public let firstDependsOnContent: Step?
        /// Why ``firstDependsOnContent`` depends on content.
        public let contentCause: String?
        /// ``firstDependsOnContent`` and the steps after it up to ``firstInvalidated``: cached if the
        /// copied content comes out unchanged, rebuilt if not.
        public let dependsOnContent: [ContentDependentStep]

        /// True when some instruction of the stage must run again.
        public var isInvalidated: Bool { firstInvalidated != nil }
    }

    /// The changed paths, relative to the context, as given (cleaned).
    public let changedPaths: [String]
    /// Changed paths that `.dockerignore` excludes, so they cannot invalidate anything.
    public let ignoredPaths: [String]
    /// Build args whose value changed.
    public let changedBuildArgs: [String]
    /// Base images whose digest changed.
    public let changedBaseImages: [String]
    /// The target stage index.
    public let target: Int
    /// One entry per stage, in file order.
    public let stages: [StageImpact]

    /// Indices of stages with at least one invalidated instruction.
    public var invalidatedStages: [Int] { stages.filter(\.isInvalidated).map(\.index) }

    /// Computes the impact of a change. A pure function of its arguments.
    ///
    /// - Parameters:
    ///   - dockerfile: the parsed Dockerfile.
    ///   - changedPaths: files changed since the previous build, relative to the build context.
    ///   - dockerignore: the text of the ignore file the builder applies (pick it with
    ///     ``DockerIgnore/file(contextDirectory:dockerfile:)`` for BuildKit; the legacy builder
    ///     reads only the context's `.dockerignore`).
    ///   - changedBuildArgs: names of build args whose value changed.
    ///   - changedBaseImages: images (as written in FROM, e.g. `debian:bookworm-slim`) whose
    ///     digest changed.
    ///   - buildArgs: build args of the build (for ARG substitution in FROM).
    ///   - target: `--target`, nil for the last stage.
    ///   - builder: whose cache rules apply. The legacy builder and buildah commit every instruction,
    ///     so an `ENV X=$V` with a changed `V` is itself a miss; BuildKit makes no step of ENV, LABEL,
    ///     USER and the like, so there the change reaches only the instructions that use `X` (and
    ///     every RUN, whose environment holds it).
    public static func compute(
        dockerfile: Dockerfile, changedPaths: [String], dockerignore: String? = nil,
        changedBuildArgs: Set<String> = [], changedBaseImages: Set<String> = [],
        buildArgs: [String: String] = [:], target: String? = nil, builder: BuilderFamily = .legacy
    ) throws(DockerfileError) -> ChangeImpact {
        let graph = try StageGraph(dockerfile: dockerfile, buildArgs: buildArgs, target: target)
        let ignore = dockerignore.map(DockerIgnore.init(text:))
        let cleaned = changedPaths.map(PathUtilities.contextRelative).filter { !$0.isEmpty && !$0.hasPrefix("..") }
        let ignored = cleaned.filter { ignore?.excludes($0) ?? false }
        var walk = Walk(
            graph: graph, builder: builder, escape: dockerfile.escapeToken.unicodeScalars.first ?? "\\",
            paths: cleaned.filter { !(ignore?.excludes($0) ?? false) },
            changedImages: Set(changedBaseImages.map(normalizeImage)), changedBuildArgs: changedBuildArgs,
            buildArgs: buildArgs,
            globalNames: Set(graph.globalArgs.keys).union(
                dockerfile.globalInstructions.flatMap { $0.arguments.map { StageGraph.splitArg($0).0 } }))
        let walked = graph.stages.map { walk.stage($0) }
        let impacts = zip(graph.stages, walked).map { walk.impact(of: $0, steps: $1.steps, progress: $1.progress) }
        return ChangeImpact(
            changedPaths: cleaned, ignoredPaths: ignored, changedBuildArgs: changedBuildArgs.sorted(),
            changedBaseImages: changedBaseImages.sorted(), target: graph.target, stages: impacts)
    }

    static func describe(_ stage: Stage) -> String {
        stage.name.map { "\(stage.index) (\($0))" } ?? "\(stage.index)"
    }

    /// Context sources of a COPY/ADD without `--from`: every argument but the destination,
    /// minus heredocs and ADD URLs.
    static func contextSources(of instruction: Instruction) -> [String] {
        guard instruction.name == "copy" || instruction.name == "add", instruction.flag("from") == nil,
            instruction.arguments.count >= 2
        else { return [] }
        return instruction.arguments.dropLast().filter { source in
            if DockerfileParser.heredoc(fromWord: source) != nil, !instruction.heredocs.isEmpty { return false }
            if instruction.name == "add" && (source.contains("://") || source.hasPrefix("git@")) { return false }
            return true
        }
    }

    /// True when a COPY source (glob, file or directory) covers the context path.
    static func covers(source: String, path: String) -> Bool {
        let pattern = PathUtilities.contextRelative(source)
        if pattern.isEmpty { return true }
        let glob = GlobPattern(filepathMatch: pattern)
        return PathUtilities.selfAndParents(path).contains(where: glob.matches)
    }

    /// `debian` and `docker.io/library/debian:latest` compare equal; digests stay exact.
    static func normalizeImage(_ reference: String) -> String {
        var image = reference
        for prefix in ["docker.io/", "index.docker.io/", "registry-1.docker.io/"] where image.hasPrefix(prefix) {
            image.removeFirst(prefix.count)
        }
        if image.hasPrefix("library/") { image.removeFirst("library/".count) }
        if image.contains("@") { return image }
        let lastComponent = image.split(separator: "/").last ?? Substring(image)
        return lastComponent.contains(":") ? image : image + ":latest"
    }

    /// The JSON documented on the type.
    public func jsonString(pretty: Bool = true) -> String {
        func step(_ step: Step) -> JSONValue {
            .object([
                ("position", .int(step.position)), ("line", .int(step.startLine)),
                ("endLine", .int(step.endLine)), ("instruction", .string(step.instruction)),
            ])
        }
        let value = JSONValue.object([
            ("changedPaths", .strings(changedPaths)),
            ("ignoredPaths", .strings(ignoredPaths)),
            ("changedBuildArgs", .strings(changedBuildArgs)),
            ("changedBaseImages", .strings(changedBaseImages)),
            ("target", .int(target)),
            ("invalidatedStages", .ints(invalidatedStages)),
            (
                "stages",
                .array(
                    stages.map { impact in
                        .object([
                            ("index", .int(impact.index)),
                            ("name", .optional(impact.name)),
                            ("invalidated", .bool(impact.isInvalidated)),
                            ("firstInvalidated", impact.firstInvalidated.map(step) ?? .null),
                            ("cause", .optional(impact.cause)),
                            ("invalidatedSteps", .array(impact.invalidated.map(step))),
                            ("cachedSteps", .array(impact.cached.map(step))),
                            ("dependentStages", .ints(impact.dependentStages)),
                            ("firstDependsOnContent", impact.firstDependsOnContent.map(step) ?? .null),
                            ("contentCause", .optional(impact.contentCause)),
                            ("dependsOnContentSteps", .array(impact.dependsOnContent.map { step($0.step) })),
                        ])
                    })
            ),
        ])
        return value.rendered(pretty: pretty)
    }
}
