import Foundation

/// What engine commands see of the user's environment: nothing that configures Docker.
/// The user's `~/.docker/config.json` (proxies that the CLI turns into build args, credential
/// helpers) and `DOCKER_*`/`BUILDKIT_*` variables would change the engine being measured.
package enum EngineEnvironment {
    /// A private, empty Docker CLI config directory in cachebench's cache dir (0700).
    package static let privateDockerConfig: String = {
        let directory = "\(BaseImageStore.defaultCacheDirectory())/docker-config"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let config = "\(directory)/config.json"
        if !FileManager.default.fileExists(atPath: config) {
            FileManager.default.createFile(atPath: config, contents: Data("{}\n".utf8), attributes: [.posixPermissions: 0o600])
        }
        return directory
    }()

    /// Environment changes for a child: the command's own variables; every inherited `DOCKER_*` and
    /// `BUILDKIT_*` variable that the command does not set is removed (nil); `DOCKER_CONFIG` is the
    /// private one unless the command names its own.
    package static func overrides(for own: [String: String],
                                  inherited: [String: String] = ProcessInfo.processInfo.environment) -> [String: String?] {
        var result: [String: String?] = [:]
        for key in inherited.keys where (key.hasPrefix("DOCKER_") || key.hasPrefix("BUILDKIT_")) && own[key] == nil {
            result.updateValue(nil, forKey: key)
        }
        if own["DOCKER_CONFIG"] == nil { result.updateValue(privateDockerConfig, forKey: "DOCKER_CONFIG") }
        for (key, value) in own { result.updateValue(value, forKey: key) }
        return result
    }
}
