import Foundation

/// What `cachebench engine up` is running, so that `status` and `down` can find it by pid.
public struct EngineStateFile: Codable, Sendable, Equatable {
    /// The pid of the `cachebench engine up` process that owns the registry and engine.
    public var ownerPid: Int32
    public var dockerHost: String
    public var registry: String
    public var registryPid: Int32
    public var dockerdPid: Int32
    public var startedAt: Date

    public init(ownerPid: Int32, dockerHost: String, registry: String, registryPid: Int32, dockerdPid: Int32, startedAt: Date) {
        self.ownerPid = ownerPid; self.dockerHost = dockerHost; self.registry = registry
        self.registryPid = registryPid; self.dockerdPid = dockerdPid; self.startedAt = startedAt
    }

    public static func path(cacheDirectory: String) -> String { "\(cacheDirectory)/engine.json" }

    public static func read(cacheDirectory: String) -> EngineStateFile? {
        guard let data = FileManager.default.contents(atPath: path(cacheDirectory: cacheDirectory)) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(EngineStateFile.self, from: data)
    }

    public func write(cacheDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: Self.path(cacheDirectory: cacheDirectory)), options: .atomic)
    }

    public static func remove(cacheDirectory: String) {
        try? FileManager.default.removeItem(atPath: path(cacheDirectory: cacheDirectory))
    }

    /// True when the owner is alive and is a cachebench process (never signal a recycled pid).
    public var ownerIsRunning: Bool {
        guard ProcessState.isAlive(ownerPid),
              let cmdline = FileManager.default.contents(atPath: "/proc/\(ownerPid)/cmdline") else { return false }
        return String(decoding: cmdline, as: UTF8.self).contains("cachebench")
    }
}
