import BuildEngine
import DockerfileModel
import Foundation
import Testing

@testable import BenchRunner

/// Other registries' images sent to their pull-through caches in the build's private Dockerfile only.
@Suite struct ImageRoutingTests {
    static let routes = [RegistryRoute(registry: "ghcr.io", address: "127.0.0.1:41000", upstream: "http://10.0.2.2:5000"),
                         RegistryRoute(registry: "quay.io", address: "127.0.0.1:41001", upstream: "https://quay.io")]

    func sites(_ text: String, buildArgs: [String: String] = [:]) throws -> [ImageSite] {
        let dockerfile = try Dockerfile.parse(text: text)
        return dockerfile.imageSites(graph: try StageGraph(dockerfile: dockerfile, buildArgs: buildArgs))
    }

    @Test func originsFromTheHostAsWrittenOrFromResolvedArgs() throws {
        let found = try sites("""
            ARG REG=quay.io
            ARG UNSET
            ARG TARGETARCH
            FROM node:22
            FROM docker.io/library/debian:12
            FROM ghcr.io/org/app:${TARGETARCH}
            FROM ${REG}/org/tool:1
            FROM ${UNSET}/org/mystery:1
            FROM localhost:5000/mine
            FROM myorg/base@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef

            """)
        #expect(found.map(ImageRouting.origin) == [.dockerHub, .dockerHub, .registry("ghcr.io"), .registry("quay.io"), .unknown,
                                                   .registry("localhost:5000"), .dockerHub])
        #expect(ImageRouting.registries(found) == ["ghcr.io", "quay.io", "localhost:5000"])
        #expect(ImageRouting.unknown(found).map(\.written) == ["${UNSET}/org/mystery:1"])
        #expect(ImageRouting.unserved(found, rewrite: nil)
                == "${UNSET}/org/mystery:1 (line 8: its registry depends on an ARG with no value before the build)")
    }

    @Test func replacesTheHostAloneOrTheWholeResolvedReference() throws {
        let found = try sites("ARG REG=GHCR.io\nARG TAG=2\nFROM ghcr.io/org/a:${TAG}\nFROM ${REG}/org/b:${TAG}\nFROM GHCR.IO/org/c@sha256:ab\n")
        let words = found.map { ImageRouting.replacement(for: $0, registry: "ghcr.io", address: "127.0.0.1:41000") }
        #expect(words == ["127.0.0.1:41000/org/a:${TAG}", "127.0.0.1:41000/org/b:2", "127.0.0.1:41000/org/c@sha256:ab"])
    }

    @Test func rewritesOnlyRoutedRegistriesAndRestoresNamesInSteps() throws {
        let text = "FROM ghcr.io/o/base:1 AS build\nFROM quay.io/o/run:1\nCOPY --from=build /a /a\nFROM node:22\nCOPY --from=registry.example.com/o/x:1 /x /x\n"
        let dockerfile = try Dockerfile.parse(text: text)
        let graph = try StageGraph(dockerfile: dockerfile)
        let rewrite = try #require(ImageRouting.rewrite(model: dockerfile, sites: dockerfile.imageSites(graph: graph),
                                                        named: dockerfile.namingUnnamedStages().text, routes: Self.routes))
        #expect(rewrite.original == "FROM 127.0.0.1:41000/o/base:1 AS build\nFROM 127.0.0.1:41001/o/run:1\nCOPY --from=build /a /a\nFROM node:22\nCOPY --from=registry.example.com/o/x:1 /x /x\n")
        #expect(rewrite.named == "FROM 127.0.0.1:41000/o/base:1 AS build\nFROM 127.0.0.1:41001/o/run:1 AS cachebench-stage-1\nCOPY --from=build /a /a\nFROM node:22 AS cachebench-stage-2\nCOPY --from=registry.example.com/o/x:1 /x /x\n")
        #expect(rewrite.routed.map(\.registry) == ["ghcr.io", "quay.io"])
        #expect(rewrite.unreplaced.isEmpty)
        #expect(ImageRouting.rewrite(model: dockerfile, sites: [], named: text, routes: Self.routes) == nil)
        // What BuildKit prints for the rewritten FROM is stored under the registry's name.
        #expect(ImageRouting.restoringNames("FROM 127.0.0.1:41000/o/base:1@sha256:ab", routes: Self.routes)
                == "FROM ghcr.io/o/base:1@sha256:ab")
        #expect(ImageRouting.summary(rewrite, routes: Self.routes)
                == "ghcr.io/o/base:1 (line 1) through the pull-through cache of http://10.0.2.2:5000; quay.io/o/run:1 (line 2) through the pull-through cache of https://quay.io")
    }

    /// The copy's Dockerfile holds the cache's address; the user's file, which the copy's may link to, does not.
    @Test func contextCopyRewritesItsOwnDockerfileNeverTheUsers() throws {
        let scratch = try Scratch()
        let dir = scratch.url.appendingPathComponent("proj")
        let user = "FROM ghcr.io/cachebench-test/base:1\nCOPY app.txt /app.txt\n"
        try scratch.write("proj/real.Dockerfile", user)
        try scratch.write("proj/app.txt", "app\n")
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("Dockerfile").path, 
                                                   withDestinationPath: dir.appendingPathComponent("real.Dockerfile").path)
        let project = try Project.resolve(directory: dir, config: ProjectConfig())
        #expect(project.imageSites.map(\.written) == ["ghcr.io/cachebench-test/base:1"])
        let rewrite = ImageRouting.rewrite(project, routes: Self.routes)
        let copy = try ContextCopy.make(project: project, strategy: Strategy.named("naive")!,
                                        under: scratch.url.appendingPathComponent("work"), rewrite: rewrite)
        let routed = "FROM 127.0.0.1:41000/cachebench-test/base:1\nCOPY app.txt /app.txt\n"
        #expect(try String(contentsOf: copy.dockerfile, encoding: .utf8) == routed)
        let perStage = try ContextCopy.make(project: project, strategy: Strategy.named("per-stage")!,
                                            under: scratch.url.appendingPathComponent("work-per-stage"), rewrite: rewrite)
        #expect(try String(contentsOf: perStage.dockerfile, encoding: .utf8)
                == "FROM 127.0.0.1:41000/cachebench-test/base:1 AS cachebench-stage-0\nCOPY app.txt /app.txt\n")
        #expect(try scratch.read("proj/real.Dockerfile") == user)
        // Without routes the copy is the user's, byte for byte.
        let plain = try ContextCopy.make(project: project, strategy: Strategy.named("naive")!,
                                         under: scratch.url.appendingPathComponent("work2"))
        #expect(try String(contentsOf: plain.dockerfile, encoding: .utf8) == user)
    }

    /// The sandbox serves what `COPY --from` pulls too: a Docker Hub image there starts Docker Hub's cache.
    @Test func copySourcesAreAmongTheImagesTheSandboxServes() throws {
        let scratch = try Scratch()
        try scratch.write("p/Dockerfile", "ARG V\nFROM debian:12-slim\nCOPY --from=node:22 /usr/local/bin/node /node\nCOPY --from=node:${V} /x /x\nCOPY --from=ghcr.io/o/t:1 /t /t\n")
        let project = try Project.resolve(directory: scratch.url.appendingPathComponent("p"), config: ProjectConfig())
        #expect(RunSession.pulledImages(project) == ["debian:12-slim", "node:22", "ghcr.io/o/t:1"])
        #expect(SandboxOptions(stateDirectory: "/x", baseImages: RunSession.pulledImages(project)).needsPullThrough())
        #expect(!SandboxOptions(stateDirectory: "/x", baseImages: project.baseImages).needsPullThrough())
    }

    /// buildah trusts the caches' plain http as it trusts the run's registry.
    @Test func buildahTrustsTheCachesOfOtherRegistries() {
        let conf = BuildahSession.configuration(registry: "127.0.0.1:5000", pullThrough: [], insecure: ["127.0.0.1:41000", "127.0.0.1:5000"])
        #expect(conf.hasSuffix("""
            [[registry]]
            location = "127.0.0.1:5000"
            insecure = true

            [[registry]]
            location = "127.0.0.1:41000"
            insecure = true
            """))
        #expect(conf.components(separatedBy: "location = \"127.0.0.1:5000\"").count == 3, "the run's registry: mirror and registry, once each")
    }
}
