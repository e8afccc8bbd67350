import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// cachebench's cache dir (base image, engines, sandbox records, package cache): private to its owner.
package enum CacheDirectory {
    /// Creates `path` (and missing parents) and makes it 0700. A symlink is refused: the cache dir is
    /// written as root, and a planted link would redirect those writes.
    package static func preparePrivate(_ path: String) throws {
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            throw EngineError.plantedSymlink(path: path)
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        _ = chmod(path, 0o700)
    }
}
