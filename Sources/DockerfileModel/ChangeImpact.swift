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
/// - an invalidated stage invalidates the stages built FROM it (whole stage) and the
///   instructions that copy or mount from it.
///
/// JSON (``jsonString(pretty:)``):
/// ```
/// {"changedPaths": [..], "ignoredPaths": [..], "changedBuildArgs": [..], "changedBaseImages": [..],
///  "target": 1, "invalidatedStages": [0, 1],
///  "stages": [{"index": 0, "name": "build" | null, "invalidated": true,
///              "firstInvalidated": STEP | null, "cause": "..." | null,
///              "invalidatedSteps": [STEP], "cachedSteps": [STEP], "dependentStages": [1]}]}
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
        /// The instructions before ``firstInvalidated`` (all of them if nothing is invalidated).
        public let cached: [Step]
        /// Later stages invalidated because they use this one (directly or transitively).
        public let dependentStages: [Int]

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
    ///   - dockerignore: the text of the ignore file in effect (pick it with
    ///     ``DockerIgnore/file(contextDirectory:dockerfile:)``: the Dockerfile-specific one wins).
    ///   - changedBuildArgs: names of build args whose value changed.
    ///   - changedBaseImages: images (as written in FROM, e.g. `debian:bookworm-slim`) whose
    ///     digest changed.
    ///   - buildArgs: build args of the build (for ARG substitution in FROM).
    ///   - target: `--target`, nil for the last stage.
    public static func compute(
        dockerfile: Dockerfile, changedPaths: [String], dockerignore: String? = nil,
        changedBuildArgs: Set<String> = [], changedBaseImages: Set<String> = [],
        buildArgs: [String: String] = [:], target: String? = nil
    ) throws(DockerfileError) -> ChangeImpact {
        let graph = try StageGraph(dockerfile: dockerfile, buildArgs: buildArgs, target: target)
        let ignore = dockerignore.map(DockerIgnore.init(text:))
        let escape = dockerfile.escapeToken.unicodeScalars.first ?? "\\"
        let cleaned = changedPaths.map(PathUtilities.contextRelative).filter { !$0.isEmpty && !$0.hasPrefix("..") }
        let ignored = cleaned.filter { ignore?.excludes($0) ?? false }
        let effective = cleaned.filter { !(ignore?.excludes($0) ?? false) }
        let changedImages = Set(changedBaseImages.map(normalizeImage))
        let globalNames = Set(graph.globalArgs.keys).union(
            dockerfile.globalInstructions.flatMap { $0.arguments.map { StageGraph.splitArg($0).0 } })

        var invalidatedStage: [Bool] = []
        var firsts: [(position: Int, cause: String)?] = []
        for stage in graph.stages {
            var first: (position: Int, cause: String)?
            if let base = stage.baseStage, invalidatedStage[base] {
                first = (0, "builds FROM stage \(describe(graph.stages[base])), which is invalidated")
            } else if stage.baseStage == nil, changedImages.contains(normalizeImage(stage.base)) {
                first = (0, "base image \(stage.base) changed")
            } else if let arg = ShellWords.referencedNames(stage.from.original, escape: escape)
                .intersection(changedBuildArgs).intersection(globalNames).sorted().first
            {
                first = (0, "build arg \(arg) changed (used in FROM)")
            } else {
                var declared: Set<String> = []
                // ARG and ENV values in scope, so that `COPY $DIR/ .` matches like the builder does.
                var variables: [String: String] = [:]
                for (offset, instruction) in stage.instructions.enumerated() {
                    if let cause = invalidation(
                        of: instruction, declared: declared, variables: variables, graph: graph,
                        stage: stage.index, invalidatedStage: invalidatedStage, changedImages: changedImages,
                        paths: effective, escape: escape)
                    {
                        first = (offset + 1, cause)
                        break
                    }
                    if instruction.name == "arg" {
                        for word in instruction.arguments {
                            let (name, defaultValue) = StageGraph.splitArg(word)
                            if changedBuildArgs.contains(name) { declared.insert(name) }
                            if let value = buildArgs[name] ?? defaultValue.map({
                                ShellWords.expand($0, variables: variables, escape: escape)
                            }) ?? graph.globalArgs[name] {
                                variables[name] = value
                            }
                        }
                    }
                    if instruction.name == "env" {
                        for pair in instruction.keyValuePairs {
                            variables[pair.key] = ShellWords.expand(pair.value, variables: variables, escape: escape)
                        }
                    }
                }
            }
            invalidatedStage.append(first != nil)
            firsts.append(first)
        }

        var impacts: [StageImpact] = []
        for stage in graph.stages {
            let steps = stage.allInstructions.enumerated().map { offset, instruction in
                Step(
                    stage: stage.index, position: offset, startLine: instruction.startLine,
                    endLine: instruction.endLine, instruction: instruction.original)
            }
            let first = firsts[stage.index]
            let split = first?.position ?? steps.count
            let dependents = first == nil ? [] : graph.dependents(of: stage.index).filter { invalidatedStage[$0] }
            impacts.append(
                StageImpact(
                    index: stage.index, name: stage.name, firstInvalidated: first.map { steps[$0.position] },
                    cause: first?.cause, invalidated: Array(steps[split...]), cached: Array(steps[..<split]),
                    dependentStages: dependents))
        }
        return ChangeImpact(
            changedPaths: cleaned, ignoredPaths: ignored, changedBuildArgs: changedBuildArgs.sorted(),
            changedBaseImages: changedBaseImages.sorted(), target: graph.target, stages: impacts)
    }

    private static func describe(_ stage: Stage) -> String {
        stage.name.map { "\(stage.index) (\($0))" } ?? "\(stage.index)"
    }

    // The cause if `instruction` itself is invalidated by the change, nil if its cache holds.
    // swiftlint:disable:next function_parameter_count
    private static func invalidation(
        of instruction: Instruction, declared: Set<String>, variables: [String: String], graph: StageGraph,
        stage: Int,
        invalidatedStage: [Bool], changedImages: Set<String>, paths: [String], escape: Unicode.Scalar
    ) -> String? {
        if !declared.isEmpty {
            let used = ShellWords.referencedNames(instruction.original, escape: escape).intersection(declared)
            if let name = used.sorted().first {
                return "build arg \(name) changed (used here)"
            }
            if instruction.name == "run", let name = declared.sorted().first {
                return "build arg \(name) changed (every RUN after its ARG sees it)"
            }
        }
        func referenceCause(_ reference: String, what: String) -> String? {
            switch graph.resolve(reference: reference, inStage: stage) {
            case .stage(let other) where invalidatedStage[other]:
                return "\(what) stage \(describe(graph.stages[other])), which is invalidated"
            case .image(let image) where changedImages.contains(normalizeImage(image)):
                return "\(what) image \(image), which changed"
            default:
                return nil
            }
        }
        switch instruction.name {
        case "copy", "add":
            if let from = instruction.flag("from") {
                return referenceCause(from, what: "copies from")
            }
            let excludes = instruction.values(ofFlag: "exclude").map(GlobPattern.init(dockerignore:))
            for written in contextSources(of: instruction) {
                let source = written.contains("$")
                    ? ShellWords.expand(written, variables: variables, escape: escape) : written
                for path in paths where covers(source: source, path: path) {
                    if excludes.contains(where: { pattern in
                        PathUtilities.selfAndParents(path).contains(where: pattern.matches)
                    }) {
                        continue
                    }
                    return "\(instruction.keyword.uppercased()) source \"\(source)\" covers changed path \"\(path)\""
                }
            }
        case "run":
            for mount in instruction.values(ofFlag: "mount") {
                if let from = StageGraph.mountField(mount, "from") {
                    if let cause = referenceCause(from, what: "mounts from") { return cause }
                    continue
                }
                let type = StageGraph.mountField(mount, "type") ?? "bind"
                guard type == "bind" else { continue }
                let source = StageGraph.mountField(mount, "source") ?? StageGraph.mountField(mount, "src") ?? "."
                for path in paths where covers(source: source, path: path) {
                    return "bind mount source \"\(source)\" covers changed path \"\(path)\""
                }
            }
        default:
            break
        }
        return nil
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
                        ])
                    })
            ),
        ])
        return value.rendered(pretty: pretty)
    }
}
