import Foundation

/// Under `sudo`, the files cachebench creates in the user's project (its `.cachebench` directory, the database)
/// are handed to the invoking user (`SUDO_UID`/`SUDO_GID`), so that their own `cachebench report` can read them.
/// Files that existed before are never touched.
public struct OwnedFiles: Sendable {
    let owner: (uid: uid_t, gid: gid_t)?
    private(set) var created: [String] = []

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, isRoot: Bool = geteuid() == 0) {
        if isRoot, let uid = environment["SUDO_UID"].flatMap(UInt32.init), let gid = environment["SUDO_GID"].flatMap(UInt32.init),
           uid != 0 {
            owner = (uid_t(uid), gid_t(gid))
        } else {
            owner = nil
        }
    }

    /// Notes which of `paths` do not exist yet; call before cachebench may create them.
    public mutating func expect(_ paths: [String]) {
        guard owner != nil else { return }
        for path in paths where !created.contains(path) {
            var info = stat()
            if lstat(path, &info) != 0 { created.append(path) }
        }
    }

    /// The directories from `path` up to the first that exists, and `path` itself: what creating it would create.
    public mutating func expect(creating path: String) {
        var chain: [String] = []
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while url.path != "/", !FileManager.default.fileExists(atPath: url.path) {
            chain.append(url.path)
            url = url.deletingLastPathComponent()
        }
        expect(chain)
    }

    /// Gives every noted path that now exists to the invoking user (not following symlinks).
    public func handOver() {
        guard let owner else { return }
        for path in created { _ = lchown(path, owner.uid, owner.gid) }
    }
}
