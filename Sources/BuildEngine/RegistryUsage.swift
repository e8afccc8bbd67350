import Foundation

/// What a set of repositories holds in a registry's filesystem storage.
package struct RegistryUsage: Sendable, Equatable {
    /// Repository names, sorted, e.g. `r3-i1/registry-max/app`.
    package var repositories: [String]
    /// Distinct blobs linked into them: layers, image configs, cache configs and manifests.
    package var blobs: Int
    /// Their sizes on disk, each blob counted once however many repositories link it.
    package var bytes: Int64
}
