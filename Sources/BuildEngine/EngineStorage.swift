import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a fresh engine keeps its images, layers and build cache (`--engine-storage`).
///
/// `disk` is what a CI runner has, and the default: unpacking a base image and installing packages write to
/// disk, and on a shared virtual machine that disk is the noisiest part of a build (the `none` strategy's
/// cold build of the sample varied by 7-12 % on disk, 2 % in memory; README, "A quiet network").
/// `memory` puts each engine's whole directory (dockerd's data root, containerd's root, buildah's storage) on a
/// tmpfs of its own, so that repeated builds differ by what the strategies do, not by the disk. Builds are then
/// faster than on a runner's disk, and the machine needs RAM for the images a build holds.
package enum EngineStorage: String, Sendable, CaseIterable, Codable {
    case disk
    case memory

    /// The run option's text, as reports show it.
    package var summary: String {
        switch self {
        case .disk: "disk"
        case .memory: "memory (each engine on a tmpfs of its own: disk noise removed, builds faster than on a runner's disk)"
        }
    }

    /// Mounts a tmpfs on `directory` (an empty directory cachebench made) when this is `.memory`.
    /// `TempDirectory.remove` unmounts it with everything below, as does the clean-up of a killed run's
    /// temp dirs; the tmpfs is in the host's mount table only while the directory exists.
    package func prepare(_ directory: String) throws {
        guard self == .memory else { return }
        guard mount("tmpfs", directory, "tmpfs", 0, "mode=0700") == 0 else {
            let reason = String(cString: strerror(errno))
            throw EngineError.cannotStart(command: "mount -t tmpfs tmpfs \(directory)",
                                          reason: "\(reason); --engine-storage memory needs root, or use --engine-storage disk")
        }
    }
}
