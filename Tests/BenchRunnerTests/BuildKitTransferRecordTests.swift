@testable import BenchRunner
import BuildLogParsing
import Foundation
import ResultStore
import Testing

/// BuildKit's own transfers as stored layer rows, from the real registry-max logs of hello-c on docker 26.1
/// (Tests/BuildLogParsingTests/Fixtures/buildx26-registry-max-*.log, excerpts) and registry holdings written by hand.
@Suite struct BuildKitTransferRecordTests {
    static let base = "sha256:99d611079a4a58b3b3cf573796f42c3ce3cfeea849a90272067768f797c8cc29"
    static let apt = "sha256:1614335771bbd3ea1ec4792fe6998baaaebe95940f8c2f36671358653c173c19"
    static let binary = "sha256:b433c2c2e8cc7597ffdce686ad1d64e146ef6f0837bd55e73ea9806f34c472f7"
    static let config = "sha256:51bba1ee2299aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    /// Sizes as the registry's blob store would report them (bytes, not the log's rounded figures).
    static let sizes: [String: Int64] = [base: 93_294_695, apt: 40_751_234, binary: 2_281, config: 1_402]

    static let sourceChange = """
        #9 [compile-image 4/6] WORKDIR /root
        #9 CACHED
        #9 sha256:1614335771bbd3ea1ec4792fe6998baaaebe95940f8c2f36671358653c173c19 40.75MB / 40.75MB 1.8s done
        #9 sha256:99d611079a4a58b3b3cf573796f42c3ce3cfeea849a90272067768f797c8cc29 93.29MB / 93.29MB 3.5s done
        #14 exporting cache to registry
        #14 writing layer sha256:1614335771bbd3ea1ec4792fe6998baaaebe95940f8c2f36671358653c173c19 done
        #14 writing layer sha256:99d611079a4a58b3b3cf573796f42c3ce3cfeea849a90272067768f797c8cc29 done
        #14 writing layer sha256:b433c2c2e8cc7597ffdce686ad1d64e146ef6f0837bd55e73ea9806f34c472f7 0.0s done
        #15 pushing 127.0.0.1:35779/r1-i1/registry-max/hello-c:latest with docker
        #15 pushing layer 51bba1ee2299 done
        #15 pushing layer b433c2c2e8cc done
        #15 pushing layer 99d611079a4a done
        """

    static func records(before: Set<String>, after: Set<String>) -> [LayerRecord] {
        let parsed = ParsedLog.parse(text: sourceChange, format: .buildkitPlain)
        return BuildKitTransfers.records(parsed, before: .init(registry: before, local: []), after: .init(registry: after, local: []),
                                         registryBytes: { sizes[$0] }, localBytes: [:])
    }

    @Test func importsAreSizedFromTheRegistryAndWhatItHeldCostsNothing() {
        // The registry held base and apt layers from the cold build; the new binary layer and config are new.
        let rows = Self.records(before: [Self.base, Self.apt], after: [Self.base, Self.apt, Self.binary, Self.config])
        #expect(rows.map(\.action) == [.imported, .imported, .exists, .exists, .exported, .pushed, .exists, .exists])
        #expect(rows.map(\.layerId) == [Self.apt, Self.base, Self.apt, Self.base, Self.binary, Self.config, Self.binary, Self.base])
        #expect(rows.map(\.bytes) == [40_751_234, 93_294_695, 40_751_234, 93_294_695, 2_281, 1_402, 2_281, 93_294_695])
        #expect(rows.map(\.ordinal) == Array(0..<8))
        // Bytes that crossed: both imports, the binary once (by the export, the first line naming it), the config.
        let crossed: Int64 = rows.filter(\.transferred).compactMap(\.bytes).reduce(0, +)
        let expected: Int64 = 40_751_234 + 93_294_695 + 2_281 + 1_402
        #expect(crossed == expected)
    }

    @Test func aShortIdTheRegistryCannotNameStaysShortAndABlobItNeverGotIsNotStored() {
        // After a failed push the registry holds nothing new: no export or push row is proven, the imports stay.
        let rows = Self.records(before: [Self.base, Self.apt], after: [Self.base, Self.apt])
        #expect(rows.filter { $0.action == .exported || $0.action == .pushed }.isEmpty)
        #expect(rows.filter { $0.action == .imported }.count == 2)
        #expect(rows.contains { $0.layerId == "51bba1ee2299" } == false)
    }

    @Test func aLocalCacheExportIsJudgedByTheCacheDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cb-bytes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let blobs = directory.appendingPathComponent("blobs/sha256")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        try Data(count: 2_281).write(to: blobs.appendingPathComponent(String(Self.binary.dropFirst(7))))
        try Data(count: 17).write(to: blobs.appendingPathComponent(String(Self.apt.dropFirst(7))))
        let local = BuildKitTransfers.localBlobs(directory)
        #expect(local == [Self.binary: 2_281, Self.apt: 17])
        let parsed = ParsedLog.parse(text: """
            #14 exporting cache to client directory
            #14 writing layer sha256:1614335771bbd3ea1ec4792fe6998baaaebe95940f8c2f36671358653c173c19 done
            #14 writing layer sha256:b433c2c2e8cc7597ffdce686ad1d64e146ef6f0837bd55e73ea9806f34c472f7 0.0s done
            """, format: .buildkitPlain)
        // The restored directory held the apt layer; the binary's layer is new to it.
        let rows = BuildKitTransfers.records(parsed, before: .init(registry: [], local: [Self.apt]),
                                             after: .init(registry: [], local: Set(local.keys)),
                                             registryBytes: { _ in nil }, localBytes: local)
        #expect(rows.map(\.action) == [.exists, .exported])
        #expect(rows.map(\.bytes) == [17, 2_281])
    }

    @Test func aLocalExportAndThePushOfTheSameBlobAreTwoTransfers() throws {
        // local's cold build: the export writes the binary's layer to the cache dir, then --push sends it to the
        // registry, which did not hold it either (buildx26-local-cold.log prints both).
        let parsed = ParsedLog.parse(text: """
            #14 writing layer sha256:b433c2c2e8cc7597ffdce686ad1d64e146ef6f0837bd55e73ea9806f34c472f7 0.0s done
            #15 pushing layer b433c2c2e8cc 0.1s done
            """, format: .buildkitPlain)
        let rows = BuildKitTransfers.records(parsed, before: .init(registry: [], local: []),
                                             after: .init(registry: [Self.binary], local: [Self.binary]),
                                             registryBytes: { Self.sizes[$0] }, localBytes: [Self.binary: 2_281])
        #expect(rows.map(\.action) == [.exported, .pushed])
        #expect(rows.map(\.layerId) == [Self.binary, Self.binary])
    }

    @Test func theChainIsTheRepositoryPathBetweenHostAndName() {
        #expect(BuildKitTransfers.chain(of: "127.0.0.1:5000/r3-i1/registry-max/hello-c") == "r3-i1/registry-max")
        #expect(BuildKitTransfers.chain(of: "hello-c") == nil)
    }
}
