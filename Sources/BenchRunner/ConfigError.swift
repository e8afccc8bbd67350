import Foundation
import Yams

package enum ConfigError: Error, LocalizedError, Equatable {
    case missingFile(String)
    case invalid(String, String)
    case noDirectory(String)
    case noDockerfile(String)
    case unknownStrategy(String, known: [String])
    case unknownScenario(String, known: [String])
    case badIterations(Int)
    case unknownKey(String, key: String, closest: String?)
    case badImage(String, String)
    case emptyList(String, key: String)
    case emptySelection(option: String)
    case pathOutside(key: String, path: String, roots: [String])
    case systemContext(String)
    case missingEnvironment(arg: String, variable: String)
    case badEnvironmentReference(arg: String)

    package var errorDescription: String? {
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
        case .unknownKey(let path, let key, let closest):
            return "\(path): unknown key `\(key)`" + (closest.map { ": did you mean `\($0)`?" } ?? "")
                + " Known keys: \(ProjectConfig.knownKeys.joined(separator: ", "))."
        case .badImage(let path, let image):
            return "\(path): image `\(image)` is not a valid repository name: use lowercase letters, digits and . _ - separators, "
                + "path components joined by /, no tag or digest (for example `team/hello-c`)."
        case .emptyList(let path, let key):
            return "\(path): `\(key)` is empty: list at least one, or remove the key for the defaults."
        case .pathOutside(let key, let path, let roots):
            return "\(key) \(path) lies outside \(roots.joined(separator: " and ")): name a file inside the build context, "
                + "relative to it, that is no symlink leading out."
        case .systemContext(let path):
            return "context \(path) is the root or a system directory: point `context:` at your project or its repository."
        case .missingEnvironment(let arg, let variable):
            return "build arg \(arg) reads ${env:\(variable)}, which is not set: export \(variable) "
                + "(sudo drops it: run `sudo \(variable)=... cachebench run` or `sudo -E`)."
        case .badEnvironmentReference(let arg):
            return "build arg \(arg): write an environment reference as ${env:NAME}, NAME a variable name."
        case .emptySelection(let option):
            return "\(option) names nothing: list at least one, or leave the option out for the defaults."
        }
    }
}
