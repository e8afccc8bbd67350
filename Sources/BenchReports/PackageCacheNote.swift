import Foundation

/// The report's line about the builds' own downloads, from the run's stored options.
enum PackageCacheNote {
    /// `package cache: on: … (traffic)`, or nil for runs stored before the option existed.
    static func line(options: [String: String]) -> String? {
        guard let mode = options["packageCache"] else { return nil }
        return "package cache \(mode)" + (options["packageCacheTraffic"].map { ". Builds: \($0)" } ?? "")
            + (options["packageCacheHttpsBuilds"].map { ". Builds that fetched over https (connections): \($0)" } ?? "")
    }
}

/// The report's line when other cachebench runs shared the machine (the run's stored `sharedMachine`).
enum SharedMachineNote {
    static func line(options: [String: String]) -> String? {
        options["sharedMachine"].map { "note: \($0)" }
    }
}

/// The report's line when the run's engines kept their storage in memory (`--engine-storage memory`), whose
/// timings are not those of a runner's disk. Runs without the stored option were on disk.
enum EngineStorageNote {
    static func line(options: [String: String]) -> String? {
        guard options["engineStorage"] == "memory" else { return nil }
        return "engine storage: memory (a tmpfs per engine): disk noise removed, and builds faster than on a CI runner's disk"
    }
}
