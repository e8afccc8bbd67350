@testable import BuildEngine
import Foundation
import Testing

/// The manifest of a fetched engine and the checksums that decide whether it is reused.
struct EngineManifestTests {
    /// sha256sum's output over the extracted docker-26.1 binaries, captured on Debian 12 (coreutils 9.1).
    static let capturedSums = """
        f6283e3dd9571e2701b5ef4d30fa04d49ac87e4ce1b612fce28f49a23fd1c04d  root/usr/sbin/dockerd
        9912cdfff923738916167fcecdfb09a5c908b5e26aaabc5fa9268b37988dd0ba  root/usr/bin/containerd
        5e7d0305555401d60ad2145b126319755740e0c0686a1263b216cc34faa2525b  root/usr/bin/containerd-shim-runc-v2
        26a3bfbb591b500218a9456d0acf1da256b26eaddde7acf8775b561b4c7a5412  root/usr/bin/docker
        b336dab261394bbb1f8a63f6c46085234892fe1fc299e2e203ea91a102d441bf  root/usr/libexec/docker/cli-plugins/docker-buildx
        """

    /// Sizes and sha256 from trixie's Packages index (`apt-cache show`), 2026-11-29.
    static let manifest = EngineManifest(
        engine: "docker-26.1", suite: "trixie", mirror: "http://deb.debian.org/debian",
        fetchedAt: Date(timeIntervalSince1970: 1_795_996_800), fetchSeconds: 6.5,
        packages: [
            .init(name: "containerd", version: "1.7.24~ds1-6+deb13u1", file: "containerd_1.7.24~ds1-6+deb13u1_amd64.deb",
                  bytes: 32_784_720, sha256: "ed708deb96fe476a3bce4efa5c0538dfbcf717ab9a7c7944ba7260342c25899c"),
            .init(name: "docker-buildx", version: "0.13.1+ds1-3", file: "docker-buildx_0.13.1+ds1-3_amd64.deb",
                  bytes: 13_239_200, sha256: "fcf8c48204d1603c8f209451d7827eb91bf30759578baf7704e9e1a87e5f1d7f"),
            .init(name: "docker-cli", version: "26.1.5+dfsg1-9+deb13u1+b1", file: "docker-cli_26.1.5+dfsg1-9+deb13u1+b1_amd64.deb",
                  bytes: 7_332_784, sha256: "596647bc4ffaaaf2e2321116b8a10f6a6086ada797c17a7117798cb391a72776"),
            .init(name: "docker.io", version: "26.1.5+dfsg1-9+deb13u1+b1", file: "docker.io_26.1.5+dfsg1-9+deb13u1+b1_amd64.deb",
                  bytes: 23_036_836, sha256: "53ae1a99f15113f0a0d2226808ec0d24ee31b3b87b87ab8ec35be09a1a2ee13b"),
            .init(name: "tini", version: "0.19.0-3+b8", file: "tini_0.19.0-3+b8_amd64.deb", bytes: 280_384, sha256: "a443b12107331f67836a64cb6efe1dd92d2765e15568eb4567dccb409a8cd2a0"),
        ],
        binaries: [
            .init(name: "dockerd", path: "root/usr/sbin/dockerd", sha256: "f6283e3dd9571e2701b5ef4d30fa04d49ac87e4ce1b612fce28f49a23fd1c04d"),
            .init(name: "docker", path: "root/usr/bin/docker", sha256: "26a3bfbb591b500218a9456d0acf1da256b26eaddde7acf8775b561b4c7a5412"),
        ],
        versions: ["dockerd": "26.1.5+dfsg1", "buildx": "0.13.1+ds1"])

    @Test func parsesSha256sumOutput() {
        let sums = Checksums.parse(Self.capturedSums)
        #expect(sums.count == 5)
        #expect(sums["root/usr/sbin/dockerd"] == "f6283e3dd9571e2701b5ef4d30fa04d49ac87e4ce1b612fce28f49a23fd1c04d")
        #expect(sums["root/usr/libexec/docker/cli-plugins/docker-buildx"] == "b336dab261394bbb1f8a63f6c46085234892fe1fc299e2e203ea91a102d441bf")
    }

    /// FIPS 180-2, appendix B.1: sha256("abc").
    @Test func realSha256sumOnAPublishedVector() async throws {
        let dir = try ScratchDirectory()
        _ = try dir.write("abc.txt", "abc")
        let sums = try await Checksums.sha256(["abc.txt"], workingDirectory: dir.path, runner: SubprocessRunner())
        #expect(sums == ["abc.txt": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"])
    }

    @Test func reuseOnlyWhenEveryBinaryMatches() {
        let actual = Checksums.parse(Self.capturedSums)
        #expect(Self.manifest.mismatches(actual: actual).isEmpty)
        var changed = actual
        changed["root/usr/bin/docker"] = String(repeating: "0", count: 64)
        #expect(Self.manifest.mismatches(actual: changed) == ["root/usr/bin/docker"])
        changed["root/usr/sbin/dockerd"] = nil
        #expect(Self.manifest.mismatches(actual: changed) == ["root/usr/sbin/dockerd", "root/usr/bin/docker"])
    }

    /// 32784720 + 13239200 + 7332784 + 23036836 + 280384 = 76673924 bytes (summed by hand).
    @Test func downloadBytesAreTheDebs() {
        #expect(Self.manifest.downloadBytes == 76_673_924)
    }

    @Test func roundTripThroughTheFile() throws {
        let dir = try ScratchDirectory()
        #expect(try EngineManifest.read(fromDirectory: dir.path) == nil)
        try Self.manifest.write(toDirectory: dir.path)
        #expect(try EngineManifest.read(fromDirectory: dir.path) == Self.manifest)
        let text = try String(contentsOfFile: "\(dir.path)/manifest.json", encoding: .utf8)
        #expect(text.contains(#""fetchedAt" : "2026-11-30T00:00:00Z""#))
    }

    @Test func controlFieldsFromDpkgDeb() {
        // `dpkg-deb -f docker.io_26.1.5+dfsg1-9+deb13u1+b1_amd64.deb Package Version`
        let fields = DebianEngineFetcher.controlFields("Package: docker.io\nVersion: 26.1.5+dfsg1-9+deb13u1+b1\n")
        #expect(fields == ["Package": "docker.io", "Version": "26.1.5+dfsg1-9+deb13u1+b1"])
    }
}
