import DockerfileModel
import Foundation

/// A project resolved for benchmarking: paths checked, Dockerfile parsed, stages and scenario files chosen.
public struct Project: Sendable {
    public var directory: URL
    public var contextDirectory: URL
    public var dockerfile: URL
    /// The Dockerfile text as the user wrote it.
    public var dockerfileText: String
    /// Repository name inside the sandbox registry.
    public var image: String
    public var target: String?
    public var buildArgs: [String: String]
    /// Stages a per-stage strategy tags, pushes and pulls (every stage the target needs except the target),
    /// in build order, with unnamed ones named.
    public var cacheStages: [String]
    /// The Dockerfile text per-stage strategies build: every unnamed stage given a name, nothing else changed.
    public var namedDockerfileText: String
    /// Stage indices that were unnamed and got a name, with that name.
    public var renamedStages: [Int: String]
    public var scenarioFiles: ScenarioFiles
    /// External base images (FROM something that is not a stage) of the stages the target needs.
    public var baseImages: [String]
    /// The parsed Dockerfile, for the ideal cache of each scenario.
    public var model: Dockerfile
    /// The ignore file BuildKit applies (Dockerfile-specific first), as text.
    public var dockerignore: String?
    /// The context's `.dockerignore`, the only one the legacy builder and buildah read, as text.
    public var contextDockerignore: String?

    public static let unnamedStagePrefix = "cachebench-stage-"

    /// Resolves `directory` with its config; `sourceFile`/`dependencyFile` override config and inference.
    public static func resolve(directory: URL, config: ProjectConfig, sourceFile: String? = nil,
                               dependencyFile: String? = nil) throws -> Project {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigError.noDirectory(directory.path)
        }
        let dockerfile = directory.appendingPathComponent(config.dockerfile ?? "Dockerfile").standardizedFileURL
        guard FileManager.default.fileExists(atPath: dockerfile.path) else { throw ConfigError.noDockerfile(dockerfile.path) }
        let context = directory.appendingPathComponent(config.context ?? ".").standardizedFileURL
        guard FileManager.default.fileExists(atPath: context.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigError.noDirectory(context.path)
        }
        let data = try Data(contentsOf: dockerfile)
        let parsed = try Dockerfile.parse(data: data, file: dockerfile.path)
        let buildArgs = config.buildArgs ?? [:]
        let graph = try StageGraph(dockerfile: parsed, buildArgs: buildArgs, target: config.target)
        let naming = parsed.namingUnnamedStages(prefix: unnamedStagePrefix)
        let cacheStages = graph.neededByTarget.filter { $0 != graph.target }.map { index in
            graph.stages[index].name ?? naming.names[index] ?? "\(unnamedStagePrefix)\(index)"
        }

        var files = ScenarioFiles()
        let inferred = ScenarioInference.infer(dockerfile: parsed, graph: graph, contextDirectory: context)
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
        return Project(directory: directory, contextDirectory: context, dockerfile: dockerfile,
                       dockerfileText: String(decoding: data, as: UTF8.self),
                       image: config.image ?? Self.repositoryName(for: directory), target: config.target,
                       buildArgs: buildArgs, cacheStages: cacheStages, namedDockerfileText: naming.text,
                       renamedStages: naming.names, scenarioFiles: files,
                       baseImages: Self.externalBases(graph), model: parsed,
                       dockerignore: DockerIgnore.file(contextDirectory: context, dockerfile: dockerfile)
                           .flatMap { try? String(contentsOf: $0, encoding: .utf8) },
                       contextDockerignore: try? String(contentsOf: context.appendingPathComponent(".dockerignore"),
                                                        encoding: .utf8))
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
    public static func repositoryName(for directory: URL) -> String {
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
    public static func displayStageName(_ name: String) -> String {
        name.hasPrefix(unnamedStagePrefix) ? "stage-" + name.dropFirst(unnamedStagePrefix.count) : name
    }
}
