/// Path helpers with Go's `path.Clean` behaviour on `/`-separated paths.
enum PathUtilities {
    /// `path.Clean`: drops `.` and empty components, resolves `..`, keeps a leading `/`.
    static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(component)
                }
                continue
            }
            parts.append(component)
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// A path relative to the build context: cleaned, no leading `/` or `./`; "" is the root.
    static func contextRelative(_ path: String) -> String {
        var cleaned = clean(path)
        while cleaned.hasPrefix("/") { cleaned.removeFirst() }
        return cleaned == "." ? "" : cleaned
    }

    /// The path and each of its parent directories, shortest first (`a`, `a/b`, `a/b/c`).
    static func selfAndParents(_ path: String) -> [String] {
        let components = path.split(separator: "/")
        return (1...max(1, components.count)).map { components.prefix($0).joined(separator: "/") }
    }
}
