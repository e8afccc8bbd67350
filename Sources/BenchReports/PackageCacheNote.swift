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
