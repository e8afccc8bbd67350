import Foundation

/// What a fetch put into the cache dir: the packages (versions, sha256 of each .deb), the binaries
/// (sha256, to check before reuse) and the versions they report. Stored as `manifest.json`.
public struct EngineManifest: Codable, Sendable, Equatable {
    public struct Package: Codable, Sendable, Equatable {
        public var name: String
        public var version: String
        /// The .deb's file name as apt-get download wrote it.
        public var file: String
        public var bytes: Int64
        public var sha256: String

        public init(name: String, version: String, file: String, bytes: Int64, sha256: String) {
            self.name = name; self.version = version; self.file = file; self.bytes = bytes; self.sha256 = sha256
        }
    }

    public struct Binary: Codable, Sendable, Equatable {
        public var name: String
        /// Relative to the directory that holds the manifest.
        public var path: String
        public var sha256: String

        public init(name: String, path: String, sha256: String) { self.name = name; self.path = path; self.sha256 = sha256 }
    }

    public static let fileName = "manifest.json"

    public var engine: String
    public var suite: String
    public var mirror: String
    public var fetchedAt: Date
    /// Seconds from the start of `apt-get update` to the verified extraction.
    public var fetchSeconds: Double
    public var packages: [Package]
    public var binaries: [Binary]
    /// What the binaries report: `dockerd`, `docker`, `containerd`, `buildx`.
    public var versions: [String: String]

    public init(engine: String, suite: String, mirror: String, fetchedAt: Date, fetchSeconds: Double,
                packages: [Package], binaries: [Binary], versions: [String: String]) {
        self.engine = engine; self.suite = suite; self.mirror = mirror; self.fetchedAt = fetchedAt
        self.fetchSeconds = fetchSeconds; self.packages = packages; self.binaries = binaries; self.versions = versions
    }

    /// Bytes downloaded: the sum of the .debs.
    public var downloadBytes: Int64 { packages.reduce(0) { $0 + $1.bytes } }

    /// Binaries whose actual sha256 (keyed by manifest path) differs from the recorded one, or is absent.
    public func mismatches(actual: [String: String]) -> [String] {
        binaries.filter { actual[$0.path] != $0.sha256 }.map(\.path)
    }

    public func write(toDirectory directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(self).write(to: URL(fileURLWithPath: "\(directory)/\(Self.fileName)"), options: .atomic)
    }

    /// The manifest in `directory`, nil when there is none; throws when it is there but unreadable.
    public static func read(fromDirectory directory: String) throws -> EngineManifest? {
        let url = URL(fileURLWithPath: "\(directory)/\(fileName)")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(EngineManifest.self, from: Data(contentsOf: url))
    }
}

/// sha256 through coreutils' `sha256sum` (Foundation has no digest on Linux).
public enum Checksums {
    /// sha256 of each file, keyed by the path as given.
    public static func sha256(_ paths: [String], workingDirectory: String? = nil,
                              runner: any ProcessRunner) async throws -> [String: String] {
        guard !paths.isEmpty else { return [:] }
        let result = try await runner.run(Command("sha256sum", ["--"] + paths, workingDirectory: workingDirectory))
        return parse(result.lines.filter { $0.stream == .stdout }.map(\.text).joined(separator: "\n"))
    }

    /// `HASH  PATH` lines (text mode: two spaces; binary mode: space and `*`). Escaped names (a leading
    /// backslash) are skipped: cachebench never names its files that way.
    public static func parse(_ output: String) -> [String: String] {
        var sums: [String: String] = [:]
        for line in output.split(separator: "\n") where !line.hasPrefix("\\") {
            let hash = line.prefix(64)
            guard hash.count == 64, hash.allSatisfy(\.isHexDigit), line.count > 66 else { continue }
            sums[String(line.dropFirst(66))] = hash.lowercased()
        }
        return sums
    }
}
