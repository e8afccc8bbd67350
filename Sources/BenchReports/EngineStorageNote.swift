import Foundation

/// The report's line when the run's engines kept their storage in memory (`--engine-storage memory`), whose
/// timings are not those of a runner's disk. Runs without the stored option were on disk.
enum EngineStorageNote {
    static func line(options: [String: String]) -> String? {
        guard options["engineStorage"] == "memory" else { return nil }
        return "engine storage: memory (a tmpfs per engine): disk noise removed, and builds faster than on a CI runner's disk"
    }
}
