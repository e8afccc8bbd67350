@testable import BenchRunner
import Testing

/// Which FROM references the sandbox mirror can serve, and so re-point for base-change.
@Suite struct BaseImageChangeTests {
    @Test(arguments: [
        ("debian:bookworm-slim", "library/debian", "bookworm-slim"),
        ("debian", "library/debian", "latest"),
        ("docker.io/library/debian:12", "library/debian", "12"),
        ("index.docker.io/myorg/app:1.2", "myorg/app", "1.2"),
        ("myorg/App:v1", "myorg/app", "v1"),
    ])
    func mirrored(reference: String, repository: String, tag: String) throws {
        let path = try #require(BaseImageChange.mirrorPath(of: reference))
        #expect(path.repository == repository)
        #expect(path.tag == tag)
    }

    @Test(arguments: ["ghcr.io/org/app:1", "localhost:5000/app", "registry.example.com/x", "debian@sha256:0123abcd"])
    func notMirrored(reference: String) {
        #expect(BaseImageChange.mirrorPath(of: reference) == nil)
    }
}

/// base-change must change BuildKit's cache key, which follows the base's layers, not its labels.
@Suite struct BaseImageChangeDockerfileTests {
    @Test func addsALayerWithoutNeedingAShell() {
        let text = BaseImageChange.dockerfileText(from: "127.0.0.1:5000/library/node:22", marker: "run 3 #2")
        #expect(text == """
            FROM 127.0.0.1:5000/library/node:22
            COPY cachebench-base-change /.cachebench-base-change
            LABEL org.cachebench.base-change="run 3 #2"

            """)
    }
}

/// buildah asks the sandbox registry first, then the pull-through cache, for Docker Hub names.
@Suite struct BuildahMirrorTests {
    @Test func pullThroughIsTheSecondMirror() {
        let conf = BuildahSession.configuration(registry: "127.0.0.1:5000", pullThrough: ["127.0.0.1:5001"])
        #expect(conf == """
            unqualified-search-registries = ["docker.io"]

            [[registry]]
            prefix = "docker.io"
            location = "registry-1.docker.io"

            [[registry.mirror]]
            location = "127.0.0.1:5000"
            insecure = true

            [[registry.mirror]]
            location = "127.0.0.1:5001"
            insecure = true

            [[registry]]
            location = "127.0.0.1:5000"
            insecure = true
            """)
        #expect(!BuildahSession.configuration(registry: "127.0.0.1:5000", pullThrough: []).contains("5001"))
    }
}
