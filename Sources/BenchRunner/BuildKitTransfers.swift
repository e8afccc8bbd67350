import BuildLogParsing
import Foundation
import ResultStore

/// What BuildKit moved itself inside one build phase, as layer rows: cache imports and lazy pulls of cached layers
/// (`imported`), cache exports (`exported`) and `--push` (`pushed`). The log names each blob; sizes come from the
/// registry's blob store or the local cache directory, and whether a push or export sent a blob comes from what the
/// backends held before the phase: a blob the chain's repositories (or the cache directory) already held costs nothing
/// (`exists`), since containerd's pusher asks before it sends.
struct BuildKitTransfers: Sendable {
    /// The blobs (`sha256:HEX`) the backends hold at one moment.
    struct Holdings: Sendable, Equatable {
        /// Linked by the chain's registry repositories (image, stage tags, cache refs).
        var registry: Set<String>
        /// In the runner's `type=local` cache directory (`blobs/sha256/HEX`).
        var local: Set<String>
    }

    /// The chain's repository path in the registry (`r3-i1/registry-max`), from the image `HOST/CHAIN/NAME`.
    static func chain(of image: String) -> String? {
        guard let slash = image.firstIndex(of: "/"), let last = image.lastIndex(of: "/"), slash < last else { return nil }
        return String(image[image.index(after: slash)..<last])
    }

    static func holdings(engine: any EngineProvider, image: String, localDirectory: URL) -> Holdings {
        Holdings(registry: chain(of: image).map { engine.registryBlobs(repositoriesUnder: $0) } ?? [],
                 local: Set(localBlobs(localDirectory).keys))
    }

    /// `DIR/blobs/sha256/HEX` files of an OCI layout (BuildKit's `type=local` cache) and their sizes.
    static func localBlobs(_ directory: URL) -> [String: Int64] {
        let blobs = directory.appendingPathComponent("blobs/sha256")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: blobs.path) else { return [:] }
        var sizes: [String: Int64] = [:]
        for name in names where name.count == 64 && name.allSatisfy(\.isHexDigit) {
            let size = (try? FileManager.default.attributesOfItem(atPath: blobs.appendingPathComponent(name).path))?[.size] as? NSNumber
            if let size { sizes["sha256:" + name] = size.int64Value }
        }
        return sizes
    }

    /// Layer rows for the BuildKit transfers of `parsed`, in log order. `registryBytes` sizes a blob the registry holds;
    /// `localBytes` the blobs of the cache directory after the phase. A blob that several lines name (the image
    /// exporter, the cache export and buildx's push all write the final stage's layers) is sent once at most to each
    /// backend: the first line naming a blob new to it gets the bytes, the others `exists`. `type=local` writes its
    /// export to the cache directory and `--push` sends the image to the registry: two backends, two transfers.
    static func records(_ parsed: ParsedLog, before: Holdings, after: Holdings,
                        registryBytes: (String) -> Int64?, localBytes: [String: Int64]) -> [LayerRecord] {
        var records: [LayerRecord] = []
        var sent = Set<String>()
        for layer in parsed.layers {
            switch layer.action {
            case .imported:
                let bytes = registryBytes(layer.id) ?? localBytes[layer.id] ?? layer.bytes
                records.append(LayerRecord(ordinal: records.count, layerId: layer.id, action: .imported, bytes: bytes))
            case .exported, .pushed:
                // buildx's push prints the blob digest's first 12 hex digits: the registry names the blob.
                let digest = layer.id.hasPrefix("sha256:") ? layer.id
                    : Self.unique(after.registry.filter { $0.dropFirst("sha256:".count).hasPrefix(layer.id) }) ?? layer.id
                let local = after.local.contains(digest) && layer.action == .exported
                let (held, now) = local ? (before.local, after.local) : (before.registry, after.registry)
                // Not in the backend after the phase (a failed export): nothing to size, nothing proven sent.
                guard now.contains(digest) else { continue }
                let key = (local ? "local " : "registry ") + digest
                let new = !held.contains(digest) && !sent.contains(key)
                if new { sent.insert(key) }
                let bytes = local ? localBytes[digest] : registryBytes(digest)
                let action: LayerRecord.Action = !new ? .exists : layer.action == .pushed ? .pushed : .exported
                records.append(LayerRecord(ordinal: records.count, layerId: digest, action: action, bytes: bytes))
            case .exists, .mounted, .pulled, .alreadyExists, .history:
                continue
            }
        }
        return records
    }

    private static func unique(_ digests: Set<String>) -> String? { digests.count == 1 ? digests.first : nil }
}
