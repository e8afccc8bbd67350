import Foundation

/// PATH lookups that also search the sbin directories (dockerd and debootstrap live there).
package enum ExecutableLookup {
    static func searchPath(_ environment: [String: String]) -> [String] {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        var dirs = path.split(separator: ":").map(String.init)
        for extra in ["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"] where !dirs.contains(extra) {
            dirs.append(extra)
        }
        return dirs
    }

    package static func all(named name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        searchPath(environment).map { "\($0)/\(name)" }.filter { FileManager.default.isExecutableFile(atPath: $0) }
    }

    package static func find(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        return all(named: name, environment: environment).first
    }
}
