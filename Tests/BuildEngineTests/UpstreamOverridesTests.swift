import Testing

@testable import BuildEngine

/// `--upstream` values: a bare URL for Docker Hub, `REGISTRY=URL` for another registry, one-line errors.
@Suite struct UpstreamOverridesTests {
    @Test func bareURLAndPairs() throws {
        let parsed = try UpstreamOverrides(parsing: ["http://10.0.2.2:5000", "ghcr.io=http://10.0.2.2:5001",
                                                     " Quay.IO = https://quay.example ", "docker.io=http://10.0.2.2:5000",
                                                     "localhost:5000=http://10.0.2.2:5002"])
        #expect(parsed.dockerHub == "http://10.0.2.2:5000")
        #expect(parsed.registries == ["ghcr.io": "http://10.0.2.2:5001", "quay.io": "https://quay.example",
                                      "localhost:5000": "http://10.0.2.2:5002"])
        #expect(try parsed.upstream(forRegistry: "GHCR.io").url == "http://10.0.2.2:5001")
        #expect(try parsed.upstream(forRegistry: "registry.gitlab.com").url == "https://registry.gitlab.com")
        #expect(parsed.summary == "http://10.0.2.2:5000,ghcr.io=http://10.0.2.2:5001,localhost:5000=http://10.0.2.2:5002,quay.io=https://quay.example")
        #expect(try UpstreamOverrides(parsing: []).summary == nil)
        #expect(try UpstreamOverrides(parsing: ["https://registry-1.docker.io"]).summary == "https://registry-1.docker.io",
                "a bare URL is stored as it was before pairs existed")
    }

    @Test(arguments: [
        ("ghcr=http://10.0.2.2:5000", PullThroughError.badRegistry("ghcr=http://10.0.2.2:5000")),
        ("=http://10.0.2.2:5000", .badRegistry("=http://10.0.2.2:5000")),
        ("ghcr.io=", .badUpstream("ghcr.io=")),
        ("ghcr.io=ghcr.io", .badUpstream("ghcr.io=ghcr.io")),
        ("ghcr.io=https://x.example/v2", .badUpstream("ghcr.io=https://x.example/v2")),
        ("https://x.example?q=1", .badUpstream("https://x.example?q=1")),
    ])
    func badValues(text: String, error: PullThroughError) {
        #expect(throws: error) { try UpstreamOverrides(parsing: [text]) }
        let message = error.errorDescription ?? ""
        #expect(!message.contains("\n") && message.contains("ghcr.io=http://HOST:PORT"), "says what to pass: \(message)")
    }

    @Test func twoStandInsForOneRegistry() {
        #expect(throws: PullThroughError.twice(registry: "ghcr.io")) {
            try UpstreamOverrides(parsing: ["ghcr.io=http://a.example", "GHCR.IO=http://b.example"])
        }
        #expect(throws: PullThroughError.twice(registry: "docker.io")) {
            try UpstreamOverrides(parsing: ["http://a.example", "docker.io=http://b.example"])
        }
        #expect((try? UpstreamOverrides(parsing: ["ghcr.io=http://a.example", "ghcr.io=http://a.example"])) != nil, "the same twice is fine")
    }

    @Test func registryOfAWrittenReference() {
        #expect(BaseReference.registry(ofWritten: "ghcr.io/o/i:${TAG}") == .some("ghcr.io"))
        #expect(BaseReference.registry(ofWritten: "docker.io/library/debian:12") == .some(nil))
        #expect(BaseReference.registry(ofWritten: "node:${VERSION}") == .some(nil))
        #expect(BaseReference.registry(ofWritten: "myorg/app") == .some(nil))
        #expect(BaseReference.registry(ofWritten: "${REGISTRY}/o/i:1") == nil)
        #expect(BaseReference.registry(ofWritten: "${IMAGE}") == nil)
        #expect(BaseReference.registry(ofWritten: "${IMAGE}:1") == nil)
    }

    @Test func otherRegistriesGetACacheEachWithItsUpstream() throws {
        var options = SandboxOptions(stateDirectory: "/nonexistent", cacheDirectory: "/nonexistent", baseImages: ["debian:12"])
        options.registries = ["ghcr.io", "quay.io", "ghcr.io"]
        options.registryUpstreams = ["ghcr.io": "http://10.0.2.2:5000", "registry.example.com": "http://10.0.2.2:5001"]
        let others = try options.otherRegistries()
        #expect(others.map(\.host) == ["ghcr.io", "quay.io", "registry.example.com"])
        #expect(others.map(\.upstream.url) == ["http://10.0.2.2:5000", "https://quay.io", "http://10.0.2.2:5001"])
        #expect(!options.needsPullThrough(), "Docker Hub's cache is another matter")
    }
}
