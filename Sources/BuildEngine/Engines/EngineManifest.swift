import Foundation

/// What a fetch put into the cache dir: the packages (versions, sha256 of each .deb), the binaries
/// (sha256, to check before reuse) and the versions they report. Stored as `manifest.json`.
package struct EngineManifest: Codable, Sendable, Equatable {
    package struct Package: Codable, Sendable, Equatable {
        package var name: String
        package var version: String
        /// The .deb's file name as apt-get download wrote it.
        package var file: String
        package var bytes: Int64
        package var sha256: String

        package init(name: String, version: String, file: String, bytes: Int64, sha256: String) {
            self.name = name; self.version = version; self.file = file; self.bytes = bytes; self.sha256 = sha256
        }
    }

    package struct Binary: Codable, Sendable, Equatable {
        package var name: String
        /// Relative to the directory that holds the manifest.
        package var path: String
        package var sha256: String

        package init(name: String, path: String, sha256: String) { self.name = name; self.path = path; self.sha256 = sha256 }
    }

    package static let fileName = "manifest.json"

    package var engine: String
    package var suite: String
    package var mirror: String
    package var fetchedAt: Date
    /// Seconds from the start of `apt-get update` to the verified extraction.
    package var fetchSeconds: Double
    package var packages: [Package]
    package var binaries: [Binary]
    /// What the binaries report: `dockerd`, `docker`, `containerd`, `buildx`.
    package var versions: [String: String]

    package init(engine: String, suite: String, mirror: String, fetchedAt: Date, fetchSeconds: Double,
                 packages: [Package], binaries: [Binary], versions: [String: String]) {
        self.engine = engine; self.suite = suite; self.mirror = mirror; self.fetchedAt = fetchedAt
        self.fetchSeconds = fetchSeconds; self.packages = packages; self.binaries = binaries; self.versions = versions
    }

    /// Bytes downloaded: the sum of the .debs.
    package var downloadBytes: Int64 { packages.reduce(0) { $0 + $1.bytes } }

    /// Binaries whose actual sha256 (keyed by manifest path) differs from the recorded one, or is absent.
    package func mismatches(actual: [String: String]) -> [String] {
        binaries.filter { actual[$0.path] != $0.sha256 }.map(\.path)
    }

    package func write(toDirectory directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(self).write(to: URL(fileURLWithPath: "\(directory)/\(Self.fileName)"), options: .atomic)
    }

    /// The manifest in `directory`, nil when there is none; throws when it is there but unreadable.
    package static func read(fromDirectory directory: String) throws -> EngineManifest? {
        let url = URL(fileURLWithPath: "\(directory)/\(fileName)")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(EngineManifest.self, from: Data(contentsOf: url))
    }
}
