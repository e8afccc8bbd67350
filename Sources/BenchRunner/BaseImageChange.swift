import BuildEngine
import Foundation

/// The base-change scenario: every base image that the engines' mirror serves gets a new digest and a
/// new layer, exactly what a rebuilt upstream base looks like to a cache. A changed label alone would
/// not do: BuildKit keys a cached step on the base's layers, not on its config.
///
/// The changed base is published in the sandbox registry, which the engines ask first; the pull-through
/// cache behind it refuses pushes, and keeps serving the original to nobody once the sandbox has it.
package enum BaseImageChange {
    /// Where a FROM reference lives in the mirror (`debian:bookworm-slim` → `library/debian`, `bookworm-slim`),
    /// or nil when the mirror cannot serve it (another registry, whose names Docker never sends to a
    /// mirror, or pinned by digest, which no push can re-point).
    package static func mirrorPath(of reference: String) -> (repository: String, tag: String)? {
        guard let parsed = BaseReference(reference), parsed.isDockerHub, parsed.digest == nil else { return nil }
        return (parsed.repository, parsed.tag)
    }

    /// The Dockerfile that changes a base: one real layer (a file naming the change) and a label.
    /// COPY, not RUN, so that bases without a shell change too.
    package static func dockerfileText(from source: String, marker: String) -> String {
        "FROM \(source)\nCOPY cachebench-base-change /.cachebench-base-change\nLABEL org.cachebench.base-change=\"\(marker)\"\n"
    }

    /// Rebuilds each mirrored base with a new layer on a throwaway engine and pushes it into the sandbox
    /// registry under the same name. A base the sandbox registry lacks is pulled through the engine's
    /// mirrors (the pull-through cache) first. Returns what it changed.
    package static func apply(images: [String], marker: String, engine: any EngineProvider, runner: any ProcessRunner,
                              workDirectory: URL) async throws -> [String] {
        guard let client = engine.capabilities.legacyClient?.path else { throw EngineError.missingProgram(name: "docker", package: "docker.io") }
        let targets = images.compactMap { image in mirrorPath(of: image).map { (image, $0.repository, $0.tag) } }
        guard !targets.isEmpty else {
            throw ScenarioError.baseNotMirrored(images: images)
        }
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workDirectory) }
        try "\(marker)\n".write(to: workDirectory.appendingPathComponent("cachebench-base-change"), atomically: true, encoding: .utf8)
        return try await engine.withEngine { host, _ in
            var changed: [String] = []
            let environment = ["DOCKER_HOST": host, "DOCKER_BUILDKIT": "0"]
            for (image, repository, tag) in targets {
                let reference = "\(engine.registryAddress)/\(repository):\(tag)"
                var source = reference
                if try await !runner.run(Command(client, ["pull", reference], environment: environment)).succeeded {
                    // Not in the sandbox registry: through the mirrors, as the builds would get it.
                    source = "docker.io/\(repository):\(tag)"
                    guard try await runner.run(Command(client, ["pull", source], environment: environment)).succeeded else { continue }
                }
                let dockerfile = workDirectory.appendingPathComponent("Dockerfile")
                try dockerfileText(from: source, marker: marker).write(to: dockerfile, atomically: true, encoding: .utf8)
                try await runner.runChecked(Command(client, ["build", "-t", reference, "-f", dockerfile.path, workDirectory.path],
                                                    environment: environment),
                                            what: "changing the base \(image)", hint: "Check the engine log.")
                try await runner.runChecked(Command(client, ["push", reference], environment: environment),
                                            what: "pushing the changed base \(image)", hint: "Check the registry log.")
                changed.append(image)
            }
            guard !changed.isEmpty else { throw ScenarioError.baseNotMirrored(images: images) }
            return changed
        }
    }
}
