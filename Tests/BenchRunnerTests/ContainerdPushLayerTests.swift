import BenchAnalysis
@testable import BenchRunner
import BuildEngine
import CacheBenchTestSupport
import BuildLogParsing
import Foundation
import ResultStore
import Testing

/// A registry that answers with a fixed manifest's layers (as `RegistryServer.layerSizes` returns them, base first).
struct ManifestEngine: EngineProvider {
    var registryAddress = "127.0.0.1:5000"
    var capabilities = FakeEngine().capabilities
    var layers: [(digest: String, bytes: Int64)]
    func withEngine<T: Sendable>(_ body: (String, Double) async throws -> T) async throws -> T { try await body("unix:///nonexistent", 0.1) }
    func manifestLayers(repository: String, tag: String) -> [(digest: String, bytes: Int64)] { layers }
}

@Suite struct ContainerdPushLayerTests {
    /// A real `docker push` of hello-c's compile-image from docker 26.1's containerd store (run 1 of the docker-26.1
    /// prediction check, 2026-11-30): seven blobs, the six layers and the config, in no layer order.
    static let push = """
        The push refers to repository [127.0.0.1:48759/r1-i1/per-stage/hello-c]
        4f4fb700ef54: Waiting
        76c0883e4b0f: Waiting
        c271bab7cbf6: Waiting
        35525d230351: Waiting
        eaf58723cd90: Waiting
        2dce22fb2eac: Waiting
        99d611079a4a: Waiting
        76c0883e4b0f: Pushed
        eaf58723cd90: Pushed
        4f4fb700ef54: Pushed
        c271bab7cbf6: Pushed
        35525d230351: Pushed
        99d611079a4a: Pushed
        2dce22fb2eac: Pushed
        compile-image: digest: sha256:2603049406a05fab85d7e89b165cf03e909e78a0df4dc0e057f11e699add7374 size: 856
        """

    @Test func layersAreSizedAndOrderedByTheManifestDigests() throws {
        // The manifest (base first); the digests' sizes are made up, their short forms are the push's. 35525d230351
        // is not a layer of the manifest (the config blob).
        let digests = ["99d611079a4a", "c271bab7cbf6", "76c0883e4b0f", "4f4fb700ef54", "eaf58723cd90", "2dce22fb2eac"]
        let manifest = digests.enumerated().map { ("sha256:" + $0.element + String(repeating: "0", count: 52), Int64(($0.offset + 1) * 1000)) }
        let scratch = try Scratch()
        let project = try Project.resolve(directory: try scratch.helloC(), config: ProjectConfig())
        let runner = BenchmarkRunner(settings: RunSettings(project: project, plan: Plan(strategies: [], scenarios: [.cold], iterations: 1),
                                                           workDirectory: scratch.url, options: [:]),
                                     engine: ManifestEngine(layers: manifest),
                                     store: try ResultStore(path: scratch.url.appendingPathComponent("r.sqlite").path),
                                     runner: ReplayProcessRunner())
        var parser = StreamingLogParser(format: .push)
        for line in Self.push.split(separator: "\n") { parser.consume(line, at: 0) }
        let layers = runner.layers(of: parser.finish(at: 1), kind: .push,
                                   arguments: ["push", "127.0.0.1:48759/r1-i1/per-stage/hello-c:compile-image"], succeeded: true)
        // Top first, as a classic push prints them, each with its manifest size; the config blob is left out.
        #expect(layers.map(\.layerId) == digests.reversed())
        #expect(layers.map(\.bytes) == [6000, 5000, 4000, 3000, 2000, 1000])
        #expect(layers.map(\.ordinal) == Array(0..<6))
    }
}
