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
/// build-args: {VERSION: "1.2", TOKEN: "${env:CI_TOKEN}"}   # ${env:NAME}: read from the environment, secret
/// secret-build-args: [VERSION]        # also secret: never stored or printed, `***` instead
/// public-build-args: [KEY_SERVER]     # not secret although the name contains KEY
/// ```
///
/// Unknown keys are errors, so a typo (`build_args`) cannot be ignored silently.
package struct ProjectConfig: Codable, Sendable, Equatable {
    package var image: String?
    package var dockerfile: String?
    package var context: String?
    package var target: String?
    package var sourceFile: String?
    package var dependencyFile: String?
    package var strategies: [String]?
    package var scenarios: [String]?
    package var iterations: Int?
    package var buildArgs: [String: String]?
    /// Build args whose values are secret, besides `${env:NAME}` values and TOKEN/PASSWORD/SECRET/KEY names.
    package var secretBuildArgs: [String]?
    /// Build args never treated as secret by their name or an `${env:NAME}` value.
    package var publicBuildArgs: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case image, dockerfile, context, target, strategies, scenarios, iterations
        case sourceFile = "source-file"
        case dependencyFile = "dependency-file"
        case buildArgs = "build-args"
        case secretBuildArgs = "secret-build-args"
        case publicBuildArgs = "public-build-args"
    }

    /// Every key `cachebench.yml` accepts.
    package static var knownKeys: [String] { CodingKeys.allCases.map(\.rawValue) }

    package init(image: String? = nil, dockerfile: String? = nil, context: String? = nil, target: String? = nil,
                 sourceFile: String? = nil, dependencyFile: String? = nil, strategies: [String]? = nil,
                 scenarios: [String]? = nil, iterations: Int? = nil, buildArgs: [String: String]? = nil,
                 secretBuildArgs: [String]? = nil, publicBuildArgs: [String]? = nil) {
        self.image = image; self.dockerfile = dockerfile; self.context = context; self.target = target
        self.sourceFile = sourceFile; self.dependencyFile = dependencyFile; self.strategies = strategies
        self.scenarios = scenarios; self.iterations = iterations; self.buildArgs = buildArgs
        self.secretBuildArgs = secretBuildArgs; self.publicBuildArgs = publicBuildArgs
    }

    package static let fileName = "cachebench.yml"

    /// Reads `FILE`, or `DIR/cachebench.yml` when present; an absent default file is an empty config.
    package static func load(projectDirectory: URL, explicitFile: String? = nil) throws -> ProjectConfig {
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
            try checkKeys(try Yams.compose(yaml: text), file: url.path)
            let config = try YAMLDecoder().decode(ProjectConfig.self, from: text)
            try config.validate(file: url.path)
            return config
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError.invalid(url.path, Self.describe(error))
        }
    }

    /// Top-level keys must be known: a misspelt key is an error naming the closest known one.
    /// Works on the composed node tree, not `Yams.load`, which traps on a non-string key.
    static func checkKeys(_ document: Node?, file: String) throws {
        guard let document else { return }
        guard let mapping = document.mapping else {
            throw ConfigError.invalid(file, "expected `key: value` lines at the top level")
        }
        var keys: [String] = []
        for key in mapping.keys {
            guard let name = key.scalar?.string else {
                throw ConfigError.invalid(file, "top-level keys must be plain names, such as `strategies:`")
            }
            keys.append(name)
        }
        for key in keys.sorted() where !knownKeys.contains(key) {
            throw ConfigError.unknownKey(file, key: key, closest: EditDistance.closest(to: key, in: knownKeys))
        }
    }

    /// Checks that need no file system: the image name, non-empty lists, secret names.
    func validate(file: String) throws {
        if let image, !ImageReference.isValidRepository(image) { throw ConfigError.badImage(file, image) }
        if strategies?.isEmpty == true { throw ConfigError.emptyList(file, key: CodingKeys.strategies.rawValue) }
        if scenarios?.isEmpty == true { throw ConfigError.emptyList(file, key: CodingKeys.scenarios.rawValue) }
        if let both = secretBuildArgs?.first(where: { publicBuildArgs?.contains($0) == true }) {
            throw ConfigError.invalid(file, "build arg \(both) is in both secret-build-args and public-build-args: keep it in one")
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
