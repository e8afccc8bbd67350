import Foundation

/// What `cachebench engine up` is running, so that `status` and `down` can find it by pid.
package struct EngineStateFile: Codable, Sendable, Equatable {
    /// The pid of the `cachebench engine up` process that owns the registry and engine.
    package var ownerPid: Int32
    package var dockerHost: String
    package var registry: String
    package var registryPid: Int32
    package var dockerdPid: Int32
    package var startedAt: Date

    package init(ownerPid: Int32, dockerHost: String, registry: String, registryPid: Int32, dockerdPid: Int32, startedAt: Date) {
        self.ownerPid = ownerPid; self.dockerHost = dockerHost; self.registry = registry
        self.registryPid = registryPid; self.dockerdPid = dockerdPid; self.startedAt = startedAt
    }

    package static func path(cacheDirectory: String) -> String { "\(cacheDirectory)/engine.json" }

    package static func read(cacheDirectory: String) -> EngineStateFile? {
        guard let data = FileManager.default.contents(atPath: path(cacheDirectory: cacheDirectory)) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(EngineStateFile.self, from: data)
    }

    package func write(cacheDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: Self.path(cacheDirectory: cacheDirectory)), options: .atomic)
    }

    package static func remove(cacheDirectory: String) {
        try? FileManager.default.removeItem(atPath: path(cacheDirectory: cacheDirectory))
    }

    /// True when the owner is alive and is a cachebench process (never signal a recycled pid).
    package var ownerIsRunning: Bool {
        guard ProcessState.isAlive(ownerPid),
              let cmdline = FileManager.default.contents(atPath: "/proc/\(ownerPid)/cmdline") else { return false }
        return String(decoding: cmdline, as: UTF8.self).contains("cachebench")
    }
}
