import BuildLogParsing
import Testing

/// What BuildKit moved itself, read from real buildx 0.13 / dockerd 26.1 logs. Expected digests and sizes are copied
/// from the log lines by hand (sizes as go-units prints them: powers of 1000).
@Suite("BuildKit's own transfers")
struct BuildKitTransferTests {
    private func layers(_ log: ParsedLog, _ action: LayerAction) -> [ParsedLayer] { log.layers.filter { $0.action == action } }

    @Test func registryMaxSourceChangeImportsTheCachedLayersLazilyAndExportsEveryLayer() throws {
        let log = try Fixtures.parse("buildx26-registry-max-source-change.log")
        // Under `#9 [compile-image 4/6] WORKDIR /root` (cached) and `#12 [runtime-image 2/2] COPY --from` (cached).
        let imported = Dictionary(uniqueKeysWithValues: layers(log, .imported).map { ($0.id, $0.bytes) })
        #expect(imported == [
            "sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1": 32,
            "sha256:1614335771bbd3ea1ec4792fe6998baaaebe95940f8c2f36671358653c173c19": 40_750_000,
            "sha256:99d611079a4a58b3b3cf573796f42c3ce3cfeea849a90272067768f797c8cc29": 93_290_000,
            "sha256:e78312622e805ac70f82adcb26a9c60b356a24b3312a9e4afabfda5c4e7e57e7": 147_020_000,
            "sha256:b433c2c2e8cc7597ffdce686ad1d64e146ef6f0837bd55e73ea9806f34c472f7": 2_280,
        ])
        // `#14 exporting cache to registry`: seven `writing layer` blobs, in the order printed; sizes are not printed.
        #expect(layers(log, .exported).map(\.id) == [
            "sha256:1614335771bbd3ea1ec4792fe6998baaaebe95940f8c2f36671358653c173c19",
            "sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1",
            "sha256:6cd705a86011f76ab2f9dd11d5ce535ebf81d1b2813d820b9c2e13739f69b4f3",
            "sha256:853134e7f64652aa6afb25d6301c3fe7e9519e2bc778a9275ad943491ae66843",
            "sha256:99d611079a4a58b3b3cf573796f42c3ce3cfeea849a90272067768f797c8cc29",
            "sha256:b433c2c2e8cc7597ffdce686ad1d64e146ef6f0837bd55e73ea9806f34c472f7",
            "sha256:e78312622e805ac70f82adcb26a9c60b356a24b3312a9e4afabfda5c4e7e57e7",
        ])
        #expect(layers(log, .exported).allSatisfy { $0.bytes == nil })
        // `#15 pushing ... with docker`: the image's two layers and its config, by short id.
        #expect(layers(log, .pushed).map(\.id) == ["51bba1ee2299", "b433c2c2e8cc", "99d611079a4a"])
    }

    @Test func anExtractionUnderACachedStepIsAnImportEvenWithoutAProgressLine() throws {
        // `#9 extracting sha256:705d...` (the apt-get update layer, 40.75MB in the other run) and the 32-byte WORKDIR
        // layer: extracted on a fresh engine, so fetched, but the plain printer showed no download line for them.
        let log = try Fixtures.parse("buildx26-registry-max-source-change-2.log")
        let imported = Dictionary(uniqueKeysWithValues: layers(log, .imported).map { ($0.id, $0.bytes) })
        #expect(imported == [
            "sha256:99d611079a4a58b3b3cf573796f42c3ce3cfeea849a90272067768f797c8cc29": 93_290_000,
            "sha256:82c566e848579721859026bc11676f8e1ea553bbd9480ddde008622bc5ed70b9": 147_020_000,
            "sha256:705d4d996448f9f9800347a1bd4910e263307429ca60b6a53c893a60385824c4": nil,
            "sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1": nil,
            "sha256:784bb0801c7b43f53a35fee6c187de0dab344149f6f91f2f0ab9d5ac5c459c1d": 2_280,
        ])
    }

    @Test func anAllCachedInlineBuildStillFetchesTheWholeFinalImage() throws {
        // docker build with BuildKit, --cache-from the inline-cache image, nothing changed: the export to the image
        // store needs the final stage's layers, the base's included.
        let log = try Fixtures.parse("buildkit26-inline-no-change.log")
        #expect(layers(log, .imported).map(\.bytes).compactMap { $0 }.sorted() == [2_270, 93_290_000])
    }

    @Test func aColdBuildImportsNothingAndTheBaseImageIsNoImport() throws {
        // The cold build downloads the base under `#N [compile-image 1/6] FROM`: a base pull, not a cache import.
        for file in ["buildx26-registry-max-cold.log", "buildx26-registry-min-cold.log", "buildx26-inline-cold.log", "buildx26-local-cold.log"] {
            let log = try Fixtures.parse(file)
            #expect(layers(log, .imported).isEmpty, "\(file)")
            #expect(layers(log, .pushed).count == 3, "\(file)")
        }
        #expect(try layers(Fixtures.parse("buildx26-registry-max-cold.log"), .exported).count == 7)
        // mode=min exports only the final image's layers: the base and the COPY --from layer.
        #expect(try layers(Fixtures.parse("buildx26-registry-min-cold.log"), .exported).count == 2)
        // type=inline writes no cache blobs of its own: its cache rides in the image config.
        #expect(try layers(Fixtures.parse("buildx26-inline-cold.log"), .exported).isEmpty)
    }

    @Test func inlineSourceChangeImportsOnlyTheCopiedBinarysLayer() throws {
        let log = try Fixtures.parse("buildx26-inline-source-change.log")
        #expect(layers(log, .imported).map(\.id) == ["sha256:a2d9090ee6f116adc700c8c7a86f8ba525569948679b32e211fcf99754e31023"])
        #expect(layers(log, .imported).map(\.bytes) == [2_280])
    }

    @Test func docker20LazyPullsHaveDigestsButNoSizes() throws {
        // BuildKit 0.8 prints `#12 pulling sha256:... 0.6s done` under the cached COPY --from of a no-change build.
        let log = try Fixtures.parse("buildkit-inline-nochange-fresh-daemon.log")
        #expect(Set(layers(log, .imported).map(\.id)) == [
            "sha256:5dfc54d36bb069c942ac15f1fee8e7206c0453364ace861f53b971f1dc20d19d",
            "sha256:a103c317957a17cd5fbc932ec119cfb450a36b2d7ef483a97f88c8f42b32c7aa",
        ])
        #expect(layers(log, .imported).allSatisfy { $0.bytes == nil })
    }

    @Test func aDownloadStillRunningIsNoImport() {
        let log = ParsedLog.parse(text: """
            #9 [compile-image 4/6] WORKDIR /root
            #9 CACHED
            #9 sha256:e78312622e805ac70f82adcb26a9c60b356a24b3312a9e4afabfda5c4e7e57e7 3.15MB / 147.02MB 0.2s
            #9 ERROR: failed to copy: unexpected EOF
            """, format: .buildkitPlain)
        #expect(log.layers.isEmpty)
    }
}
