import Foundation

/// The files cachebench creates in the user's project (its `.cachebench` directory, the database) are private:
/// directories 0700, files 0600. Under `sudo` they are handed to the invoking user (`SUDO_UID`/`SUDO_GID`), so that
/// their own `cachebench report` can read them. Files that existed before are never touched.
package struct OwnedFiles: Sendable {
    let owner: (uid: uid_t, gid: gid_t)?
    private(set) var created: [String] = []

    package init(environment: [String: String] = ProcessInfo.processInfo.environment, isRoot: Bool = geteuid() == 0) {
        if isRoot, let uid = environment["SUDO_UID"].flatMap(UInt32.init), let gid = environment["SUDO_GID"].flatMap(UInt32.init),
           uid != 0 {
            owner = (uid_t(uid), gid_t(gid))
        } else {
            owner = nil
        }
    }

    /// Notes which of `paths` do not exist yet; call before cachebench may create them.
    package mutating func expect(_ paths: [String]) {
        for path in paths where !created.contains(path) {
            var info = stat()
            if lstat(path, &info) != 0 { created.append(path) }
        }
    }

    /// The directories from `path` up to the first that exists, and `path` itself: what creating it would create.
    package mutating func expect(creating path: String) {
        var chain: [String] = []
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while url.path != "/", !FileManager.default.fileExists(atPath: url.path) {
            chain.append(url.path)
            url = url.deletingLastPathComponent()
        }
        expect(chain)
    }

    /// Makes every noted path that now exists private, and gives it to the invoking user (not following symlinks).
    package func handOver() {
        for path in created {
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFLNK else { continue }
            _ = chmod(path, info.st_mode & S_IFMT == S_IFDIR ? 0o700 : 0o600)
            if let owner { _ = lchown(path, owner.uid, owner.gid) }
        }
    }
}
