import Foundation

/// The report's line about the builds' own downloads, from the run's stored options.
enum PackageCacheNote {
    /// `package cache: on: … (traffic)`, or nil for runs stored before the option existed.
    static func line(options: String) -> String? {
        guard let stored = try? JSONDecoder().decode([String: String].self, from: Data(options.utf8)),
              let mode = stored["packageCache"] else { return nil }
        return "package cache \(mode)" + (stored["packageCacheTraffic"].map { ". Builds: \($0)" } ?? "")
            + (stored["packageCacheHttpsBuilds"].map { ". Builds that fetched over https (connections): \($0)" } ?? "")
    }
}

/// The report's line when other cachebench runs shared the machine (the run's stored `sharedMachine`).
enum SharedMachineNote {
    static func line(options: String) -> String? {
        (try? JSONDecoder().decode([String: String].self, from: Data(options.utf8)))?["sharedMachine"].map { "note: \($0)" }
    }
}
