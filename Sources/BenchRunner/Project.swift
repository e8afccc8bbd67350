import BuildEngine
import DockerfileModel
import Foundation

/// A project resolved for benchmarking: paths checked, Dockerfile parsed, stages and scenario files chosen.
package struct Project: Sendable {
    package var directory: URL
    package var contextDirectory: URL
    package var dockerfile: URL
    /// The Dockerfile text as the user wrote it.
    package var dockerfileText: String
    /// Repository name inside the sandbox registry.
    package var image: String
    package var target: String?
    /// Build args as passed to the builder, `${env:NAME}` already read from the environment.
    package var buildArgs: [String: String]
    /// Names of the build args whose values never reach the database, a log, a report or the terminal.
    package var secretBuildArgs: Set<String> = []
    /// Hides the secret values (`***`) in whatever cachebench stores or prints.
    package var redaction: Redaction { Redaction(secrets: secretBuildArgs.compactMap { buildArgs[$0] }) }
    /// Stages a per-stage strategy tags, pushes and pulls (every stage the target needs except the target),
    /// in build order, with unnamed ones named.
    package var cacheStages: [String]
    /// The Dockerfile text per-stage strategies build: every unnamed stage given a name, nothing else changed.
    package var namedDockerfileText: String
    /// Stage indices that were unnamed and got a name, with that name.
    package var renamedStages: [Int: String]
    /// Every stage of the Dockerfile in file order, as the model names it.
    package var stages: [StageRef] = []
    package var scenarioFiles: ScenarioFiles
    /// External base images (FROM something that is not a stage) of the stages the target needs.
    package var baseImages: [String]
    /// Every image the stages up to the target pull, where it is written (FROM, `--from`, `--mount=from=`).
    package var imageSites: [ImageSite] = []
    /// The parsed Dockerfile, for the ideal cache of each scenario.
    package var model: Dockerfile
    /// The ignore file BuildKit applies (Dockerfile-specific first), as text.
    package var dockerignore: String?
    /// The context's `.dockerignore`, the only one the legacy builder and buildah read, as text.
    var contextDockerignore: String?

    static let unnamedStagePrefix = "cachebench-stage-"

    /// Resolves `directory` with its config; `sourceFile`/`dependencyFile` override config and inference.
    package static func resolve(directory: URL, config: ProjectConfig, sourceFile: String? = nil,
                                dependencyFile: String? = nil,
                                environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Project {
        let (context, contextReal, dockerfile) = try locate(directory: directory, config: config)
        let data = try Data(contentsOf: dockerfile)
        let parsed = try Dockerfile.parse(data: data, file: dockerfile.path)
        let (buildArgs, secrets) = try resolveBuildArgs(config, environment: environment)
        let graph = try StageGraph(dockerfile: parsed, buildArgs: buildArgs, target: config.target)
        let naming = parsed.namingUnnamedStages(prefix: unnamedStagePrefix)
        let cacheStages = graph.neededByTarget.filter { $0 != graph.target }.map { index in
            graph.stages[index].name ?? naming.names[index] ?? "\(unnamedStagePrefix)\(index)"
        }
        let files = try scenarioFiles(ScenarioInference.infer(dockerfile: parsed, graph: graph, contextDirectory: context),
                                      config: config, sourceFile: sourceFile, dependencyFile: dependencyFile,
                                      context: context, contextReal: contextReal)
        var project = Project(directory: directory, contextDirectory: context, dockerfile: dockerfile,
                       dockerfileText: String(decoding: data, as: UTF8.self),
                       image: config.image ?? Self.repositoryName(for: directory), target: config.target,
                       buildArgs: buildArgs, cacheStages: cacheStages, namedDockerfileText: naming.text,
                       renamedStages: naming.names, scenarioFiles: files,
                       baseImages: Self.externalBases(graph), model: parsed,
                       dockerignore: DockerIgnore.file(contextDirectory: context, dockerfile: dockerfile)
                           .flatMap { try? String(contentsOf: $0, encoding: .utf8) },
                       contextDockerignore: try? String(contentsOf: context.appendingPathComponent(".dockerignore"),
                                                        encoding: .utf8))
        project.secretBuildArgs = secrets
        project.stages = graph.stageRefs
        project.imageSites = parsed.imageSites(graph: graph)
        return project
    }

    /// The project directory, its context (and that context's real path) and its Dockerfile, each checked to exist and
    /// to stay inside the project.
    static func locate(directory: URL, config: ProjectConfig) throws -> (context: URL, contextReal: String, dockerfile: URL) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigError.noDirectory(directory.path)
        }
        let context = directory.appendingPathComponent(config.context ?? ".").standardizedFileURL
        guard FileManager.default.fileExists(atPath: context.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigError.noDirectory(context.path)
        }
        let contextReal = try ContainedPath.checkContext(context)
        // The Dockerfile is only read, so it may also sit beside a sub-directory context, in the project directory.
        let roots = [contextReal, ContainedPath.resolved(directory)]
        try ContainedPath.check(key: "dockerfile", relative: config.dockerfile ?? "Dockerfile", base: directory, roots: roots)
        let dockerfile = directory.appendingPathComponent(config.dockerfile ?? "Dockerfile").standardizedFileURL
        guard FileManager.default.fileExists(atPath: dockerfile.path) else { throw ConfigError.noDockerfile(dockerfile.path) }
        return (context, contextReal, dockerfile)
    }

    /// The files the source-change and dependency-change scenarios edit: the flag, else the config, else inferred;
    /// each checked to lie inside the context, each with a note saying where it came from.
    static func scenarioFiles(_ inferred: ScenarioInference, config: ProjectConfig, sourceFile: String?, dependencyFile: String?,
                              context: URL, contextReal: String) throws -> ScenarioFiles {
        var files = ScenarioFiles()
        try checkScenarioFile(sourceFile.map { ("--source-file", $0) } ?? config.sourceFile.map { ("source-file", $0) }
                              ?? inferred.sourceFile.map { ("source-file (inferred)", $0.path) }, context: context, real: contextReal)
        try checkScenarioFile(dependencyFile.map { ("--dependency-file", $0) } ?? config.dependencyFile.map { ("dependency-file", $0) }
                              ?? inferred.dependencyManifest.map { ("dependency-file (inferred)", $0.path) },
                              context: context, real: contextReal)
        if let sourceFile = sourceFile ?? config.sourceFile {
            files.sourceFile = sourceFile
            files.notes.append("source file \(sourceFile) (configured)")
        } else if let source = inferred.sourceFile {
            files.sourceFile = source.path
            files.notes.append("source file \(source.path) (inferred: \(source.reason))")
        }
        if let dependencyFile = dependencyFile ?? config.dependencyFile {
            files.dependencyFile = dependencyFile
            files.notes.append("dependency file \(dependencyFile) (configured)")
        } else if let manifest = inferred.dependencyManifest {
            files.dependencyFile = manifest.path
            files.notes.append("dependency file \(manifest.path) (inferred: \(manifest.reason))")
        }
        return files
    }

    /// Values with `${env:NAME}` read from `environment`, and which args are secret: those listed in
    /// `secret-build-args`, those read from the environment, and those named like TOKEN, PASSWORD, SECRET or KEY,
    /// unless `public-build-args` lists them.
    static func resolveBuildArgs(_ config: ProjectConfig, environment: [String: String]) throws
        -> (values: [String: String], secrets: Set<String>) {
        var values: [String: String] = [:]
        var secrets = Set(config.secretBuildArgs ?? [])
        let exempt = Set(config.publicBuildArgs ?? [])
        for (name, raw) in config.buildArgs ?? [:] {
            let (value, fromEnvironment) = try expandEnvironment(raw, arg: name, environment: environment)
            values[name] = value
            let secretName = ["TOKEN", "PASSWORD", "SECRET", "KEY"].contains { name.uppercased().contains($0) }
            if !exempt.contains(name), fromEnvironment || secretName { secrets.insert(name) }
        }
        return (values, secrets)
    }

    /// `${env:NAME}` replaced by the variable's value; true when there was one.
    static func expandEnvironment(_ value: String, arg: String, environment: [String: String]) throws -> (String, Bool) {
        var out = ""
        var rest = value[...]
        var used = false
        while let start = rest.range(of: "${env:") {
            out += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}"),
                  Shell.isVariableName(String(rest[start.upperBound..<end])) else {
                throw ConfigError.badEnvironmentReference(arg: arg)
            }
            let name = String(rest[start.upperBound..<end])
            guard let variable = environment[name] else { throw ConfigError.missingEnvironment(arg: arg, variable: name) }
            out += variable
            used = true
            rest = rest[rest.index(after: end)...]
        }
        return (out + rest, used)
    }

    /// A file a scenario edits must lead, symlinks followed, inside the context.
    static func checkScenarioFile(_ named: (key: String, path: String)?, context: URL, real: String) throws {
        guard let named else { return }
        try ContainedPath.check(key: named.key, relative: named.path, base: context, roots: [real])
    }

    static func externalBases(_ graph: StageGraph) -> [String] {
        var bases: [String] = []
        for index in graph.neededByTarget {
            let stage = graph.stages[index]
            if stage.baseStage == nil, stage.base.lowercased() != "scratch", !bases.contains(stage.base) { bases.append(stage.base) }
        }
        return bases
    }

    /// A valid repository path component from a directory name.
    package static func repositoryName(for directory: URL) -> String {
        let raw = directory.standardizedFileURL.lastPathComponent.lowercased()
        var out = ""
        for scalar in raw.unicodeScalars {
            if CharacterSet.lowercaseLetters.contains(scalar) && scalar.isASCII || CharacterSet.decimalDigits.contains(scalar) && scalar.isASCII {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty && !out.hasSuffix("-") {
                out.append("-")
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "app" : out
    }

    /// Stage names as stored: a stage cachebench had to name reads `stage-N`, as BuildKit prints unnamed stages.
    package static func displayStageName(_ name: String) -> String {
        name.hasPrefix(unnamedStagePrefix) ? "stage-" + name.dropFirst(unnamedStagePrefix.count) : name
    }
}
