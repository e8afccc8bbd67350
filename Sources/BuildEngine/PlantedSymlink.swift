import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// cachebench runs as root over projects that others wrote: a symlink planted where it writes its own
/// state (`.cachebench`, its `state` and `logs`) would make root write wherever the link points.
package enum PlantedSymlink {
    /// Throws when any path component from below `root` down to each of `paths` is a symlink.
    /// Components that do not exist yet are fine: cachebench creates them as directories.
    package static func check(_ paths: [String], within root: String) throws {
        let base = URL(fileURLWithPath: root).standardizedFileURL.path
        for path in paths {
            let target = URL(fileURLWithPath: path).standardizedFileURL.path
            guard target.hasPrefix(base + "/") else { continue }
            var current = base
            for component in target.dropFirst(base.count + 1).split(separator: "/") {
                current += "/" + component
                var info = stat()
                guard lstat(current, &info) == 0 else { break }
                if info.st_mode & S_IFMT == S_IFLNK { throw EngineError.plantedSymlink(path: current) }
            }
        }
    }
}
