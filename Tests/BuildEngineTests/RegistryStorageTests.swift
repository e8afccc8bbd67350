import BuildEngine
import Foundation
import Testing

/// Distribution's filesystem layout (`registry/storage/paths.go`), laid out by hand: repositories link blobs, the
/// blobs hold the bytes, and a blob linked by two repositories of the chain counts once.
@Suite struct RegistryStorageTests {
    static func digest(_ n: Int) -> String { String(repeating: String(n % 10), count: 64) }

    static func blob(_ scratch: ScratchDirectory, _ n: Int, bytes: Int) throws {
        let hex = digest(n)
        _ = try scratch.write("docker/registry/v2/blobs/sha256/\(hex.prefix(2))/\(hex)/data", String(repeating: "x", count: bytes))
    }

    static func link(_ scratch: ScratchDirectory, repository: String, _ n: Int, manifest: Bool = false) throws {
        let hex = digest(n)
        let kind = manifest ? "_manifests/revisions" : "_layers"
        _ = try scratch.write("docker/registry/v2/repositories/\(repository)/\(kind)/sha256/\(hex)/link", "sha256:\(hex)")
    }

    @Test func sumsEachLinkedBlobOnceAcrossTheChainsRepositories() throws {
        let scratch = try ScratchDirectory()
        try Self.blob(scratch, 1, bytes: 1000)   // base layer, shared
        try Self.blob(scratch, 2, bytes: 300)    // app layer
        try Self.blob(scratch, 3, bytes: 50)     // manifest
        try Self.blob(scratch, 4, bytes: 7000)   // another chain's layer
        try Self.link(scratch, repository: "r1-i1/buildah-layers/app", 1)
        try Self.link(scratch, repository: "r1-i1/buildah-layers/app", 2)
        try Self.link(scratch, repository: "r1-i1/buildah-layers/app", 3, manifest: true)
        try Self.link(scratch, repository: "r1-i1/buildah-layers/app-cache", 2)
        try Self.link(scratch, repository: "r1-i1/buildah-layers-x/app", 4)
        // An upload in progress is not held yet.
        _ = try scratch.write("docker/registry/v2/repositories/r1-i1/buildah-layers/app/_uploads/u1/data", "partial")

        let usage = try #require(RegistryStorage.usage(root: scratch.path, repositoriesUnder: "r1-i1/buildah-layers"))
        #expect(usage.repositories == ["r1-i1/buildah-layers/app", "r1-i1/buildah-layers/app-cache"])
        #expect(usage.blobs == 3)
        #expect(usage.bytes == 1000 + 300 + 50)
    }

    @Test func noRepositoryYetIsNotZero() throws {
        let scratch = try ScratchDirectory()
        #expect(RegistryStorage.usage(root: scratch.path, repositoriesUnder: "r1-i1/naive") == nil)
    }
}
