import Foundation

/// Which Docker engine builds run on: a name as the user types it after `--engine`.
package enum EngineSpec: Sendable, Hashable, CustomStringConvertible {
    /// Debian 12's own `docker.io` 20.10: dockerd, containerd and the CLI from the system's packages.
    case docker2010
    /// Debian 13's dockerd 26.1, containerd 1.7, CLI 26.1 and buildx 0.13, fetched into the cache dir.
    case docker261
    /// A user's own binaries in this absolute directory.
    case path(String)

    /// The built-in engines, newest first (the default is the first one that can be had).
    package static let builtIn: [EngineSpec] = [.docker261, .docker2010]

    /// What `--engine` accepts, for help texts and errors.
    static let knownNames = "docker-26.1, docker-20.10, path:DIR"

    /// Parses `docker-20.10`, `docker-26.1` or `path:DIR` (DIR made absolute against the working directory, `~` expanded).
    package init(parsing text: String) throws {
        switch text {
        case "docker-20.10": self = .docker2010
        case "docker-26.1": self = .docker261
        default:
            guard text.hasPrefix("path:") else { throw EngineSetupError.unknownEngine(text) }
            let directory = String(text.dropFirst("path:".count))
            guard !directory.isEmpty else { throw EngineSetupError.unknownEngine(text) }
            // `path:~/x` reaches us unexpanded: the shell expands a tilde only at the start of a word.
            self = .path(URL(fileURLWithPath: (directory as NSString).expandingTildeInPath).standardizedFileURL.path)
        }
    }

    /// The name as typed: `docker-26.1`, `path:/opt/docker`.
    package var name: String {
        switch self {
        case .docker2010: return "docker-20.10"
        case .docker261: return "docker-26.1"
        case .path(let directory): return "path:\(directory)"
        }
    }

    package var description: String { name }

    /// Checks what can be checked without the network or the cache: a `path:DIR` must hold every binary.
    package func validate() throws {
        if case .path(let directory) = self { _ = try EngineLayout.locate(in: directory, engine: name) }
    }
}

extension EngineSpec: Codable {
    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
