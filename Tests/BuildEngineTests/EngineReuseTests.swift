@testable import BuildEngine
import Foundation
import Testing

/// Reuse only what still matches its manifest; one fetch at a time per cache dir.
struct EngineReuseTests {
    /// A fake install: the tree and a manifest with sha256 of "abc" (FIPS 180-2, appendix B.1) for dockerd.
    static func install(in cache: ScratchDirectory, dockerdContents: String) throws -> DebianEngineFetcher {
        let fetcher = DebianEngineFetcher(cacheDirectory: cache.path, mirror: "http://deb.debian.org/debian/")
        let dist = "engines/docker-26.1/dist"
        _ = try cache.write("\(dist)/root/usr/sbin/dockerd", dockerdContents, executable: true)
        _ = try cache.write("\(dist)/root/usr/bin/containerd", "", executable: true)
        _ = try cache.write("\(dist)/root/usr/bin/docker", "", executable: true)
        _ = try cache.write("\(dist)/root/usr/libexec/docker/cli-plugins/docker-buildx", "", executable: true)
        let manifest = EngineManifest(
            engine: "docker-26.1", suite: "trixie", mirror: fetcher.mirror, fetchedAt: Date(timeIntervalSince1970: 0), fetchSeconds: 1,
            packages: [], binaries: [.init(name: "dockerd", path: "root/usr/sbin/dockerd",
                                           sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")],
            versions: ["dockerd": "26.1.5+dfsg1"])
        try manifest.write(toDirectory: fetcher.installDirectory)
        return fetcher
    }

    @Test func matchingChecksumsAreReused() async throws {
        let cache = try ScratchDirectory()
        let fetcher = try Self.install(in: cache, dockerdContents: "abc")
        #expect(fetcher.mirror == "http://deb.debian.org/debian")
        let fetched = try #require(try await fetcher.installed(runner: SubprocessRunner()))
        #expect(fetched.reused)
        #expect(fetched.distribution.dockerd == "\(cache.path)/engines/docker-26.1/dist/root/usr/sbin/dockerd")
        #expect(fetched.distribution.versions == ["dockerd": "26.1.5+dfsg1"])
    }

    @Test func aChangedBinaryIsNotReused() async throws {
        let cache = try ScratchDirectory()
        let fetcher = try Self.install(in: cache, dockerdContents: "abd")
        await #expect(throws: EngineSetupError.checksumMismatch(directory: fetcher.installDirectory, files: ["root/usr/sbin/dockerd"])) {
            try await fetcher.installed(runner: SubprocessRunner())
        }
    }

    @Test func secondFetcherWaitsForTheLock() async throws {
        let dir = try ScratchDirectory()
        let path = "\(dir.path)/.lock"
        var first: FileLock? = try await FileLock.acquire(path)
        #expect(FileLock.isHeld(path))
        let waited = Flag()
        let second = Task { try await FileLock.acquire(path) { waited.set() } }
        try await Task.sleep(for: .milliseconds(200))
        #expect(waited.isSet, "the second acquire saw the lock held")
        first = nil
        let lock = try await second.value
        #expect(FileLock.isHeld(path))
        withExtendedLifetime(first) {}
        withExtendedLifetime(lock) {}
    }
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
