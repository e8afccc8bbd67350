import Foundation
import Yams

/// `cachebench.yml` in the project directory. Every key is optional; command-line flags win.
///
/// ```yaml
/// image: hello-c            # repository name inside the sandbox registry
/// dockerfile: Dockerfile    # relative to the project directory
/// context: .                # build context, relative to the project directory
/// target: runtime-image     # final stage (default: the last one)
/// source-file: hello.c      # edited by source-change (default: inferred)
/// dependency-file: requirements.txt   # edited by dependency-change (default: inferred)
/// strategies: [naive, per-stage, inline]
/// scenarios: [cold, no-change, source-change]
/// iterations: 1
/// build-args: {VERSION: "1.2"}
/// ```
public struct ProjectConfig: Codable, Sendable, Equatable {
    public var image: String?
    public var dockerfile: String?
    public var context: String?
    public var target: String?
    public var sourceFile: String?
    public var dependencyFile: String?
    public var strategies: [String]?
    public var scenarios: [String]?
    public var iterations: Int?
    public var buildArgs: [String: String]?

    enum CodingKeys: String, CodingKey {
        case image, dockerfile, context, target, strategies, scenarios, iterations
        case sourceFile = "source-file"
        case dependencyFile = "dependency-file"
        case buildArgs = "build-args"
    }

    public init(image: String? = nil, dockerfile: String? = nil, context: String? = nil, target: String? = nil,
                sourceFile: String? = nil, dependencyFile: String? = nil, strategies: [String]? = nil,
                scenarios: [String]? = nil, iterations: Int? = nil, buildArgs: [String: String]? = nil) {
        self.image = image; self.dockerfile = dockerfile; self.context = context; self.target = target
        self.sourceFile = sourceFile; self.dependencyFile = dependencyFile; self.strategies = strategies
        self.scenarios = scenarios; self.iterations = iterations; self.buildArgs = buildArgs
    }

    public static let fileName = "cachebench.yml"

    /// Reads `FILE`, or `DIR/cachebench.yml` when present; an absent default file is an empty config.
    public static func load(projectDirectory: URL, explicitFile: String? = nil) throws -> ProjectConfig {
        let url = explicitFile.map { URL(fileURLWithPath: $0) } ?? projectDirectory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            if explicitFile != nil { throw ConfigError.missingFile(url.path) }
            return ProjectConfig()
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        // Empty, or only comments: no settings. (`compose`, not `load`: Yams's `load` traps on a non-string key.)
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || (try? Yams.compose(yaml: text)) == nil {
            return ProjectConfig()
        }
        do {
            return try YAMLDecoder().decode(ProjectConfig.self, from: text)
        } catch {
            throw ConfigError.invalid(url.path, Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
    }
}

public enum ConfigError: Error, LocalizedError, Equatable {
    case missingFile(String)
    case invalid(String, String)
    case noDirectory(String)
    case noDockerfile(String)
    case unknownStrategy(String, known: [String])
    case unknownScenario(String, known: [String])
    case badIterations(Int)

    public var errorDescription: String? {
        switch self {
        case .missingFile(let path): return "config file \(path) does not exist: check the --config path."
        case .invalid(let path, let why): return "\(path) is not a valid cachebench.yml: \(why). See README, section Configuration."
        case .noDirectory(let path): return "no such directory: \(path). Pass the directory that holds your Dockerfile."
        case .noDockerfile(let path):
            return "no Dockerfile at \(path): pass a project directory with a Dockerfile, or set `dockerfile:` in cachebench.yml."
        case .unknownStrategy(let id, let known):
            return "unknown strategy \"\(id)\": choose from \(known.joined(separator: ", "))."
        case .unknownScenario(let id, let known):
            return "unknown scenario \"\(id)\": choose from \(known.joined(separator: ", "))."
        case .badIterations(let n): return "--iterations must be at least 1 (got \(n))."
        }
    }
}
