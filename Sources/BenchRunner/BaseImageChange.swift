import BuildEngine
import Foundation

/// The base-change scenario: every base image that the sandbox registry mirrors gets a new digest
/// (same layers, a new label), exactly what a rebuilt upstream base looks like to a cache.
public enum BaseImageChange {
    /// Where a FROM reference lives in the mirror (`debian:bookworm-slim` → `library/debian`, `bookworm-slim`),
    /// or nil when the mirror cannot serve it (another registry, or pinned by digest).
    public static func mirrorPath(of reference: String) -> (repository: String, tag: String)? {
        guard !reference.contains("@") else { return nil }
        var components = reference.split(separator: "/").map(String.init)
        guard !components.isEmpty else { return nil }
        if components.count > 1 {
            let first = components[0]
            if first == "docker.io" || first == "index.docker.io" || first == "registry-1.docker.io" {
                components.removeFirst()
            } else if first.contains(".") || first.contains(":") || first == "localhost" {
                return nil
            }
        }
        if components.count == 1 { components.insert("library", at: 0) }
        var last = components.removeLast()
        var tag = "latest"
        if let colon = last.lastIndex(of: ":") {
            tag = String(last[last.index(after: colon)...])
            last = String(last[..<colon])
        }
        return ((components + [last]).joined(separator: "/").lowercased(), tag)
    }

    /// Re-pushes each mirrored base with a new label, on a throwaway engine. Returns what it changed.
    public static func apply(images: [String], marker: String, engine: any EngineProvider, runner: any ProcessRunner,
                             workDirectory: URL) async throws -> [String] {
        guard let client = engine.capabilities.legacyClient?.path else { throw EngineError.missingProgram(name: "docker", package: "docker.io") }
        let targets = images.compactMap { image in mirrorPath(of: image).map { (image, $0.repository, $0.tag) } }
        guard !targets.isEmpty else {
            throw ScenarioError.baseNotMirrored(images: images)
        }
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workDirectory) }
        return try await engine.withEngine { host, _ in
            var changed: [String] = []
            let environment = ["DOCKER_HOST": host, "DOCKER_BUILDKIT": "0"]
            for (image, repository, tag) in targets {
                let reference = "\(engine.registryAddress)/\(repository):\(tag)"
                let pull = try await runner.run(Command(client, ["pull", reference], environment: environment))
                guard pull.succeeded else { continue }  // not mirrored here (an image the registry never had)
                let dockerfile = workDirectory.appendingPathComponent("Dockerfile")
                try "FROM \(reference)\nLABEL org.cachebench.base-change=\"\(marker)\"\n"
                    .write(to: dockerfile, atomically: true, encoding: .utf8)
                try await runner.runChecked(Command(client, ["build", "-t", reference, "-f", dockerfile.path, workDirectory.path],
                                                    environment: environment),
                                            what: "re-tagging the base \(image)", hint: "Check the engine log.")
                try await runner.runChecked(Command(client, ["push", reference], environment: environment),
                                            what: "pushing the changed base \(image)", hint: "Check the registry log.")
                changed.append(image)
            }
            guard !changed.isEmpty else { throw ScenarioError.baseNotMirrored(images: images) }
            return changed
        }
    }
}
