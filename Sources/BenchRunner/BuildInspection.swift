import BuildEngine
import BuildLogParsing
import Foundation
import ResultStore

/// After a build, outside its timed script: the images it produced, read with `docker history`, and the bytes its
/// cache backends hold, so that a report can show what "cached" rests on and how each cache grows along a chain.
struct BuildInspection: Sendable {
    /// The strategy's repository with the registry host, without a tag.
    var image: String
    var lines: [RenderedLine]
    var builder: Builder
    /// The docker CLI that ran the build, and its environment (`DOCKER_HOST` of the build's engine).
    var client: String
    var environment: [String: String]
    var ciCache: CICache

    /// A `docker history` that takes longer is given up (the build's figures are already taken).
    static let timeout: Double = 120

    /// The final image and every stage image the strategy pushed, final first.
    static func references(image: String, lines: [RenderedLine]) -> [(reference: String, isFinal: Bool)] {
        let final = "\(image):latest"
        var references = [(reference: final, isFinal: true)]
        for line in lines where line.kind == .push {
            guard let reference = line.arguments.last, reference.hasPrefix(image + ":"),
                  !references.contains(where: { $0.reference == reference }) else { continue }
            references.append((reference, false))
        }
        return references
    }

    /// `docker history` of each image the build produced. buildah keeps its images in its own storage, which
    /// `docker history` cannot read: its builds are not inspected (reports say "not measured").
    func images(startedAt: Date, runner: any ProcessRunner, confine: (Command) -> Command) async throws -> [InspectedImage] {
        guard builder != .buildah else { return [] }
        var images: [InspectedImage] = []
        for (ordinal, target) in Self.references(image: image, lines: lines).enumerated() {
            let command = Command(client, ["history", "--no-trunc", "--human=false", "--format", "{{json .}}", target.reference],
                                  environment: environment)
            let result: CommandResult
            do {
                result = try await runner.run(confine(command), timeout: Self.timeout)
            } catch let error as EngineError {
                guard case .phaseTimedOut = error else { throw error }
                images.append(InspectedImage(history: ImageHistoryRecord(
                    ordinal: ordinal, image: target.reference, isFinal: target.isFinal, argv: JSON.string(["docker"] + command.arguments),
                    exitCode: -1, output: error.localizedDescription), layers: []))
                continue
            }
            var parser = StreamingLogParser(format: .history)
            for line in result.lines { parser.consume(Substring(line.text), at: line.at) }
            let parsed = parser.finish(at: result.wallSeconds)
            let history = ImageHistoryRecord(ordinal: ordinal, image: target.reference, isFinal: target.isFinal,
                                             argv: JSON.string(["docker"] + command.arguments),
                                             exitCode: Int(result.exitCode), output: result.output)
            images.append(InspectedImage(history: history, layers: result.succeeded ? Self.layers(parsed, startedAt: startedAt) : []))
        }
        return images
    }

    /// History rows as layer records. A row whose creation time is earlier than the second the build started in
    /// existed before it: it came from the cache source or the base image (history prints whole seconds).
    static func layers(_ parsed: ParsedLog, startedAt: Date) -> [ImageLayerRecord] {
        let startSecond = Date(timeIntervalSince1970: startedAt.timeIntervalSince1970.rounded(.down))
        let formatter = ISO8601DateFormatter()
        return parsed.layers.filter { $0.action == .history }.enumerated().map { ordinal, layer in
            let createdAt = layer.createdAt.flatMap { formatter.date(from: $0) }
            return ImageLayerRecord(ordinal: ordinal, layerId: layer.id, createdBy: layer.createdBy, createdAt: createdAt,
                                    bytes: layer.bytes, reused: createdAt.map { $0 < startSecond })
        }
    }

    /// The bytes the chain's cache backends hold now: the registry's blobs for every repository of the chain (image,
    /// stage tags, cache refs), and for `type=local` the files in the CI cache's archive of the cache directory.
    func cacheUsage(engine: any EngineProvider) -> [CacheUsageRecord] {
        var usage: [CacheUsageRecord] = []
        if let slash = image.firstIndex(of: "/"), let last = image.lastIndex(of: "/"), slash < last {
            let chain = String(image[image.index(after: slash)..<last])
            if let registry = engine.registryUsage(repositoriesUnder: chain) {
                usage.append(CacheUsageRecord(backend: "registry", location: registry.repositories.joined(separator: ", "),
                                              bytes: registry.bytes, items: registry.blobs))
            }
        }
        if lines.contains(where: { $0.kind == .save }), let local = CICache.files(inArchive: ciCache.store) {
            usage.append(CacheUsageRecord(backend: "local", location: ciCache.store.path, bytes: local.bytes, items: local.count))
        }
        return usage
    }

    /// Regular files below `directory` and their total size; nil when it does not exist.
    static func files(under directory: URL) -> (count: Int, bytes: Int64)? {
        guard FileManager.default.fileExists(atPath: directory.path),
              let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        else { return nil }
        var count = 0
        var bytes: Int64 = 0
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            guard values?.isRegularFile == true else { continue }
            count += 1
            bytes += Int64(values?.fileSize ?? 0)
        }
        return (count, bytes)
    }
}
