import Foundation

/// apt with a state of its own: its config, source list, preferences, lists and caches all live in
/// `directory`, so that fetching from another suite never touches /etc/apt, /var/lib/apt or /var/cache/apt.
///
/// `APT_CONFIG` is read before anything else; it points `Dir::Etc::parts` at an empty private directory,
/// so the system's apt.conf.d (with its Post-Invoke hooks that clean /var/cache/apt) is never loaded.
package struct PrivateApt: Sendable, Equatable {
    package let directory: String
    /// The only source: `deb [signed-by=KEYRING] MIRROR SUITE main`.
    let sourceLine: String

    package init(directory: String, mirror: String, suite: String, keyring: String) {
        self.directory = directory
        self.sourceLine = "deb [signed-by=\(keyring)] \(mirror) \(suite) main"
    }

    package var configFile: String { "\(directory)/apt.conf" }

    /// `apt-get ARGS` under this state.
    package func command(_ arguments: [String], workingDirectory: String? = nil) -> Command {
        Command("apt-get", arguments, environment: ["APT_CONFIG": configFile], workingDirectory: workingDirectory)
    }

    /// Creates the directories, the empty dpkg status, the source list and apt.conf.
    /// `acquire` holds network settings carried over from the system (proxies).
    package func write(acquire: [String: String] = [:]) throws {
        let fm = FileManager.default
        for sub in ["etc/apt.conf.d", "etc/preferences.d", "etc/sources.list.d", "etc/trusted.gpg.d",
                    "state/lists/partial", "cache/archives/partial", "log"] {
            try fm.createDirectory(atPath: "\(directory)/\(sub)", withIntermediateDirectories: true)
        }
        try Data().write(to: URL(fileURLWithPath: "\(directory)/state/status"))
        try Data((sourceLine + "\n").utf8).write(to: URL(fileURLWithPath: "\(directory)/etc/sources.list"))
        try Data(config(acquire: acquire).utf8).write(to: URL(fileURLWithPath: configFile))
    }

    /// The apt.conf text: every Dir:: entry inside `directory`.
    package func config(acquire: [String: String] = [:]) -> String {
        let d = directory
        var lines = [
            "Dir \"/\";",
            "Dir::State \"\(d)/state\";",
            "Dir::State::status \"\(d)/state/status\";",
            "Dir::Cache \"\(d)/cache\";",
            "Dir::Cache::pkgcache \"\";",
            "Dir::Cache::srcpkgcache \"\";",
            "Dir::Etc \"\(d)/etc\";",
            "Dir::Etc::main \"/dev/null\";",
            "Dir::Etc::parts \"\(d)/etc/apt.conf.d\";",
            "Dir::Etc::SourceList \"\(d)/etc/sources.list\";",
            "Dir::Etc::SourceParts \"\(d)/etc/sources.list.d\";",
            "Dir::Etc::Preferences \"\(d)/etc/preferences\";",
            "Dir::Etc::PreferencesParts \"\(d)/etc/preferences.d\";",
            "Dir::Etc::Trusted \"/dev/null\";",
            "Dir::Etc::TrustedParts \"\(d)/etc/trusted.gpg.d\";",
            "Dir::Log \"\(d)/log\";",
            // The private dirs sit under root's home, which apt's _apt user cannot enter; say so instead of a warning.
            "APT::Sandbox::User \"root\";",
            "Acquire::Languages \"none\";",
            "Acquire::GzipIndexes \"true\";",
            "Acquire::Retries \"1\";",
            "Acquire::http::Timeout \"30\";",
        ]
        for key in acquire.keys.sorted() where !(acquire[key] ?? "").contains("\"") {
            lines.append("\(key) \"\(acquire[key]!)\";")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Settings of the system's apt that concern reaching its mirror (proxies; validity checks that a snapshot
    /// mirror needs off), which a private config would otherwise drop. `environment` is for tests (APT_CONFIG).
    static let carriedKeys = ["Acquire::http::Proxy", "Acquire::https::Proxy", "Acquire::Check-Valid-Until", "Acquire::Check-Date"]

    package static func systemAcquireSettings(runner: any ProcessRunner, environment: [String: String] = [:]) async -> [String: String] {
        let keys = carriedKeys
        let arguments = keys.enumerated().flatMap { ["V\($0.offset)", $0.element] }
        guard let result = try? await runner.run(Command("apt-config", ["shell"] + arguments, environment: environment)),
              result.succeeded else {
            return [:]
        }
        var settings: [String: String] = [:]
        for line in result.lines.map(\.text) {
            // apt-config shell prints V0='http://proxy:3128'
            guard line.hasPrefix("V"), let eq = line.firstIndex(of: "="), let index = Int(line[line.index(after: line.startIndex)..<eq]),
                  keys.indices.contains(index) else { continue }
            let value = line[line.index(after: eq)...].trimmingCharacters(in: CharacterSet(charactersIn: "'"))
            if !value.isEmpty { settings[keys[index]] = value }
        }
        return settings
    }
}
