import Foundation

/// Reads distribution's filesystem layout (`registry/storage/paths.go`): under `docker/registry/v2`, a repository
/// `NAME` links the blobs it holds with `repositories/NAME/_layers/sha256/HEX/link` (layers and configs, pushed or
/// mounted) and `repositories/NAME/_manifests/revisions/sha256/HEX/link` (manifests and indexes); each blob's
/// content is `blobs/sha256/HE/HEX/data`. Nothing is written and the registry's API is not involved.
package enum RegistryStorage {
    /// The repositories at or below `prefix` (a repository path such as `r3-i1/local`) and the bytes they hold.
    /// Nil when no repository exists there yet.
    package static func usage(root: String, repositoriesUnder prefix: String) -> RegistryUsage? {
        let v2 = URL(fileURLWithPath: root).appendingPathComponent("docker/registry/v2")
        let top = v2.appendingPathComponent("repositories").appendingPathComponent(prefix)
        var repositories: [String] = []
        var digests = Set<String>()
        collect(top, name: prefix, repositories: &repositories, digests: &digests)
        guard !repositories.isEmpty else { return nil }
        var bytes: Int64 = 0
        var blobs = 0
        for digest in digests {
            let data = v2.appendingPathComponent("blobs/sha256/\(digest.prefix(2))/\(digest)/data")
            guard let size = (try? FileManager.default.attributesOfItem(atPath: data.path))?[.size] as? NSNumber else { continue }
            bytes += size.int64Value
            blobs += 1
        }
        return RegistryUsage(repositories: repositories.sorted(), blobs: blobs, bytes: bytes)
    }

    /// The blobs (`sha256:HEX`) that the repositories at or below `prefix` link, layers, configs and manifests alike;
    /// empty when no repository exists there yet. What a push or cache export finds here already, it does not send.
    package static func linkedBlobs(root: String, repositoriesUnder prefix: String) -> Set<String> {
        let top = URL(fileURLWithPath: root).appendingPathComponent("docker/registry/v2/repositories").appendingPathComponent(prefix)
        var repositories: [String] = []
        var digests = Set<String>()
        collect(top, name: prefix, repositories: &repositories, digests: &digests)
        return Set(digests.map { "sha256:" + $0 })
    }

    /// The size of blob `digest` (`sha256:HEX`) in the registry's store, whichever repository links it; nil when the
    /// registry does not hold it.
    package static func blobBytes(root: String, digest: String) -> Int64? {
        guard digest.hasPrefix("sha256:") else { return nil }
        let hex = digest.dropFirst("sha256:".count)
        guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else { return nil }
        let data = URL(fileURLWithPath: root).appendingPathComponent("docker/registry/v2/blobs/sha256/\(hex.prefix(2))/\(hex)/data")
        return ((try? FileManager.default.attributesOfItem(atPath: data.path))?[.size] as? NSNumber)?.int64Value
    }

    /// A directory holding `_layers` or `_manifests` is a repository; any other is a namespace level to descend.
    private static func collect(_ directory: URL, name: String, repositories: inout [String], digests: inout Set<String>) {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: directory.path) else { return }
        if entries.contains("_layers") || entries.contains("_manifests") {
            repositories.append(name)
            digests.formUnion(linked(directory.appendingPathComponent("_layers/sha256")))
            digests.formUnion(linked(directory.appendingPathComponent("_manifests/revisions/sha256")))
        }
        for entry in entries where !entry.hasPrefix("_") {
            var isDirectory: ObjCBool = false
            let child = directory.appendingPathComponent(entry)
            guard fm.fileExists(atPath: child.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            collect(child, name: name + "/" + entry, repositories: &repositories, digests: &digests)
        }
    }

    /// The hex digests whose directory under `directory` holds a `link` file.
    private static func linked(_ directory: URL) -> [String] {
        let fm = FileManager.default
        let entries = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
        return entries.filter { hex in
            hex.count == 64 && hex.allSatisfy(\.isHexDigit)
                && fm.fileExists(atPath: directory.appendingPathComponent(hex).appendingPathComponent("link").path)
        }
    }
}
