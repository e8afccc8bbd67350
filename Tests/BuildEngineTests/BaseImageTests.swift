@testable import BuildEngine
import Foundation
import Testing

/// Which `FROM` names the sandbox serves from debootstrap, which go through the pull-through cache.
@Suite struct BaseTagMappingTests {
    // Docker Hub's `debian` tags as published (hub.docker.com/_/debian, "Supported tags").
    @Test(arguments: [
        ("debian:bookworm-slim", DebianSuite.bookworm), ("debian:12-slim", .bookworm), ("debian:bookworm", .bookworm),
        ("debian:12", .bookworm), ("docker.io/library/debian:12-slim", .bookworm), ("library/debian:bookworm", .bookworm),
        ("debian:trixie-slim", .trixie), ("debian:13-slim", .trixie), ("debian:trixie", .trixie), ("debian:13", .trixie),
        ("index.docker.io/library/debian:13", .trixie),
    ])
    func served(reference: String, suite: DebianSuite) {
        #expect(DebianSuite.serving(reference: reference) == suite)
    }

    @Test(arguments: [
        "debian", "debian:latest", "debian:stable-slim", "debian:11", "debian:bullseye-slim", "debian:12.8-slim",
        "debian:12-slim@sha256:0123abcd", "ghcr.io/library/debian:12", "myorg/debian:12", "ubuntu:24.04", "debian:12-",
    ])
    func notServed(reference: String) {
        #expect(DebianSuite.serving(reference: reference) == nil)
    }

    @Test func eachSuiteHasItsFourNames() {
        #expect(DebianSuite.bookworm.tags == ["bookworm-slim", "12-slim", "bookworm", "12"])
        #expect(DebianSuite.trixie.tags == ["trixie-slim", "13-slim", "trixie", "13"])
    }

    @Test func suitesForAProjectAreSeededOnceInOrder() {
        #expect(BaseImageStore.suites(for: ["debian:13", "node:22", "debian:12-slim", "debian:bookworm"]) == [.bookworm, .trixie])
        #expect(BaseImageStore.suites(for: ["python:3.12-slim"]) == [])
    }

    @Test(arguments: [
        ("node:22", nil as String?, "library/node", "22", nil as String?),
        ("ghcr.io/Org/App:1.0", "ghcr.io", "org/app", "1.0", nil),
        ("quay.io/prometheus/busybox", "quay.io", "prometheus/busybox", "latest", nil),
        ("localhost:5000/base:x", "localhost:5000", "base", "x", nil),
        ("registry-1.docker.io/myorg/tool:2", nil, "myorg/tool", "2", nil),
        ("alpine@sha256:abcd", nil, "library/alpine", "latest", "sha256:abcd"),
    ])
    func references(text: String, registry: String?, repository: String, tag: String, digest: String?) throws {
        let parsed = try #require(BaseReference(text))
        #expect(parsed.registry == registry)
        #expect(parsed.repository == repository)
        #expect(parsed.tag == tag)
        #expect(parsed.digest == digest)
    }

    @Test(arguments: ["", "a//b", "debian:", "x@", "/debian", "two words"])
    func malformedReferences(text: String) {
        #expect(BaseReference(text) == nil)
    }

    @Test func pullThroughStartsOnlyForHubBasesDebootstrapCannotMake() {
        func options(_ images: [String]?, upstream: String? = nil) -> SandboxOptions {
            SandboxOptions(stateDirectory: "/nonexistent", cacheDirectory: "/nonexistent", baseImages: images, upstream: upstream)
        }
        #expect(!options(["debian:12-slim", "debian:trixie"]).needsPullThrough())
        #expect(options(["debian:12-slim", "node:22"]).needsPullThrough())
        #expect(!options(["debian:12-slim", "node:22"]).needsPullThrough(archived: ["node:22"]))
        #expect(!options(["docker.io/library/node:22"]).needsPullThrough(archived: ["node:22"]))
        #expect(options(["node:22", "python:3"]).needsPullThrough(archived: ["node:22"]))
        #expect(!options(["ghcr.io/org/base:1"]).needsPullThrough())  // a cache of its own (registries), not Docker Hub's
        #expect(options(["debian:12"], upstream: "http://192.0.2.2:5000").needsPullThrough())
        #expect(options(nil).needsPullThrough())
        #expect(options(nil).suites == [.bookworm])
        #expect(options([]).suites == [])
        #expect(options(["debian:13-slim"]).suites == [.trixie])
    }
}

@Suite struct PullThroughConfigTests {
    @Test func proxyConfigNamesTheUpstreamQuoted() {
        let expected = """
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: "/srv/app #2/a: b"
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:5124
        proxy:
          remoteurl: "https://registry-1.docker.io"
        """
        #expect(RegistryServer.configuration(storage: "/srv/app #2/a: b", port: 5124,
                                             proxyRemoteURL: "https://registry-1.docker.io") == expected)
    }

    @Test(arguments: [
        ("https://registry-1.docker.io", "https://registry-1.docker.io", "registry-1.docker.io"),
        ("http://192.0.2.2:5000/", "http://192.0.2.2:5000", "192.0.2.2_5000"),
        (" https://Mirror.Example.COM ", "https://Mirror.Example.COM", "mirror.example.com"),
    ])
    func upstreams(text: String, url: String, key: String) throws {
        let upstream = try PullThroughCache.Upstream(text)
        #expect(upstream.url == url)
        #expect(upstream.key == key)
    }

    @Test(arguments: ["registry-1.docker.io", "ftp://x.example", "https://x.example/v2", "http://", "https://u:p@x.example",
                      "https://x.example/#frag", "https://x.example?q=1"])
    func badUpstreams(text: String) {
        #expect(throws: PullThroughError.badUpstream(text)) { try PullThroughCache.Upstream(text) }
        let message = PullThroughError.badUpstream(text).errorDescription ?? ""
        #expect(!message.contains("\n") && message.contains("https://registry-1.docker.io"))
    }

    @Test func cachesLiveApartPerUpstream() throws {
        let hub = try PullThroughCache.Upstream()
        let quay = try PullThroughCache.Upstream("https://quay.io")
        #expect(PullThroughCache.directory(for: hub, cacheDirectory: "/c") == "/c/pull-through/registry-1.docker.io")
        #expect(PullThroughCache.directory(for: quay, cacheDirectory: "/c") == "/c/pull-through/quay.io")
        #expect(PullThroughCache.directory(for: quay, cacheDirectory: "/c", override: "/t") == "/t/quay.io")
    }
}

/// `seed-base --from-archive`: what is refused before any engine starts, each with a one-line message.
@Suite struct DockerArchiveTests {
    let runner = SubprocessRunner()

    /// A tar of `files` (name, contents) made with the real tar.
    func tarball(_ dir: ScratchDirectory, _ files: [(String, String)], name: String = "a.tar") async throws -> String {
        let content = "\(dir.path)/content-\(name)"
        for (file, text) in files { _ = try dir.write("content-\(name)/\(file)", text) }
        try FileManager.default.createDirectory(atPath: content, withIntermediateDirectories: true)
        let archive = "\(dir.path)/\(name)"
        _ = try await runner.runChecked(Command("tar", ["-C", content, "-cf", archive, "."]), what: "tar", hint: "")
        return archive
    }

    func manifest(tags: String, layers: String = #"["l1/layer.tar"]"#) -> String {
        #"[{"Config":"c.json","RepoTags":\#(tags),"Layers":\#(layers)}]"#
    }

    func refused(_ path: String) async -> ArchiveError? {
        do {
            _ = try await DockerArchive.inspect(path, runner: runner)
            return nil
        } catch let error as ArchiveError {
            #expect(!(error.errorDescription ?? "\n").contains("\n"))
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test func aClassicArchiveServesItsHubTags() async throws {
        let dir = try ScratchDirectory()
        let path = try await tarball(dir, [("manifest.json", manifest(tags: #"["debian:12","myorg/base:1"]"#)),
                                           ("c.json", "{}"), ("l1/layer.tar", "x")])
        let archive = try await DockerArchive.inspect(path, runner: runner)
        #expect(archive.tags == ["debian:12", "myorg/base:1"])
        #expect(archive.references == ["debian:12", "myorg/base:1"])
        #expect(archive.id.count == 16)
    }

    @Test func missingFileAndNonTar() async throws {
        let dir = try ScratchDirectory()
        #expect(await refused("\(dir.path)/none.tar") == .notFound(path: "\(dir.path)/none.tar"))
        #expect(await refused(dir.path) == .notFound(path: dir.path))
        let junk = try dir.write("junk.tar", String(repeating: "not a tar archive ", count: 100))
        #expect(await refused(junk) == .notATar(path: junk))
    }

    @Test func tarWithoutManifest() async throws {
        let dir = try ScratchDirectory()
        let path = try await tarball(dir, [("hello.txt", "hi")])
        #expect(await refused(path) == .noManifest(path: path))
    }

    @Test func manifestThatIsNotAListOfImages() async throws {
        let dir = try ScratchDirectory()
        let path = try await tarball(dir, [("manifest.json", "{not json")])
        guard case .badManifest(_, let reason) = await refused(path) else { Issue.record("accepted"); return }
        #expect(reason == "manifest.json is not a list of images")
    }

    @Test func truncatedArchiveMissesALayer() async throws {
        let dir = try ScratchDirectory()
        let path = try await tarball(dir, [("manifest.json", manifest(tags: #"["debian:12"]"#, layers: #"["l1/layer.tar","l2/layer.tar"]"#)),
                                           ("c.json", "{}"), ("l1/layer.tar", "x")])
        guard case .badManifest(_, let reason) = await refused(path) else { Issue.record("accepted"); return }
        #expect(reason.hasPrefix("l2/layer.tar is named in manifest.json but not in the archive"))
    }

    @Test func untaggedAndOtherRegistries() async throws {
        let dir = try ScratchDirectory()
        let untagged = try await tarball(dir, [("manifest.json", manifest(tags: "null")), ("c.json", "{}"), ("l1/layer.tar", "x")],
                                         name: "u.tar")
        #expect(await refused(untagged) == .untagged(path: untagged))
        let ghcr = try await tarball(dir, [("manifest.json", manifest(tags: #"["ghcr.io/org/base:1"]"#)), ("c.json", "{}"),
                                           ("l1/layer.tar", "x")], name: "g.tar")
        #expect(await refused(ghcr) == .notDockerHub(tag: "ghcr.io/org/base:1"))
    }
}
