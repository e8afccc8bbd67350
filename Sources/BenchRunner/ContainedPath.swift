import Foundation

/// Where a path really leads, symlinks included, and whether that lies inside a root. A project's
/// `cachebench.yml` names files that root edits and reads: they must stay inside the project.
enum ContainedPath {
    /// Directories a build context may never be: the root, the system's own trees, the top of the usual mounts.
    static let systemDirectories: Set<String> = [
        "/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32", "/media", "/mnt", "/opt",
        "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var", "/snap",
        "/usr/bin", "/usr/lib", "/usr/lib64", "/usr/local", "/usr/sbin", "/usr/share", "/var/lib", "/var/log", "/var/cache",
    ]
    /// Trees nothing of a project lives in: kernel, devices, runtime state, configuration, boot.
    static let systemTrees = ["/proc", "/sys", "/dev", "/run", "/etc", "/boot"]

    /// `realpath(3)` of an existing path.
    static func real(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The real path of `url` even when its last components do not exist yet: the deepest existing ancestor
    /// resolved, the rest appended (`..` already folded by standardizing).
    static func resolved(_ url: URL) -> String {
        var existing = url.standardizedFileURL
        var rest: [String] = []
        while real(existing.path) == nil, existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing = existing.deletingLastPathComponent()
        }
        let base = real(existing.path) ?? existing.path
        return rest.reduce(base) { $0 == "/" ? "/" + $1 : $0 + "/" + $1 }
    }

    static func isInside(_ path: String, _ root: String) -> Bool {
        root == "/" || path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// Refuses `/` and system directories as a build context; returns the context's real path.
    static func checkContext(_ context: URL) throws -> String {
        let path = resolved(context)
        if systemDirectories.contains(path) || systemTrees.contains(where: { isInside(path, $0) }) {
            throw ConfigError.systemContext(path)
        }
        return path
    }

    /// `relative` (as written under `key`) joined to `base` must lead, symlinks followed, inside one of `roots`.
    @discardableResult
    static func check(key: String, relative: String, base: URL, roots: [String]) throws -> String {
        guard !relative.hasPrefix("/") else { throw ConfigError.pathOutside(key: key, path: relative, roots: roots) }
        let path = resolved(base.appendingPathComponent(relative))
        guard roots.contains(where: { isInside(path, $0) }) else {
            throw ConfigError.pathOutside(key: key, path: relative + (path == relative ? "" : " (\(path))"), roots: roots)
        }
        return path
    }
}
