import Foundation

/// A `docker save` archive, checked before anything is loaded: a tar whose `manifest.json` lists, per
/// image, its config, its layers (all present in the tar) and its tags. Both the classic layout and
/// the OCI layout of Docker 25+ (which still carries `manifest.json`) pass.
package struct DockerArchive: Sendable, Equatable {
    package let path: String
    /// The tags as saved (`debian:12`, `myorg/base:1`).
    package let tags: [String]
    /// Short id of the archive's content (its sha256), naming its storage in the cache.
    package let id: String

    /// The tags as Docker Hub references (validated in `inspect`).
    var parsedTags: [BaseReference] { tags.compactMap(BaseReference.init) }

    /// What the mirror serves from it: `debian:12`, `myorg/base:1` (Docker Hub's `library/` dropped).
    package var references: [String] {
        parsedTags.map { ref in
            let name = ref.repository.hasPrefix("library/") ? String(ref.repository.dropFirst(8)) : ref.repository
            return "\(name):\(ref.tag)"
        }
    }

    /// Reads the archive's listing and manifest with `tar`; throws `ArchiveError` on anything that would not load.
    package static func inspect(_ path: String, runner: any ProcessRunner) async throws -> DockerArchive {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ArchiveError.notFound(path: path)
        }
        guard FileManager.default.isReadableFile(atPath: path) else { throw ArchiveError.notFound(path: path) }
        let listing = try await runner.run(Command("tar", ["-tf", path]))
        guard listing.succeeded else { throw ArchiveError.notATar(path: path) }
        // Member names as listed (`manifest.json`, or `./manifest.json` from `tar -C DIR -cf F .`), and as compared.
        let listed = listing.lines.filter { $0.stream == .stdout }.map(\.text)
        let members = Set(listed.map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 })
        guard let manifestMember = listed.first(where: { $0 == "manifest.json" || $0 == "./manifest.json" }) else {
            throw ArchiveError.noManifest(path: path)
        }
        let manifest = try await runner.run(Command("tar", ["-xOf", path, manifestMember]))
        guard manifest.succeeded else { throw ArchiveError.notATar(path: path) }
        let text = manifest.lines.filter { $0.stream == .stdout }.map(\.text).joined(separator: "\n")
        let tags = try tags(inManifest: text, members: members, path: path)
        let digest = try await runner.run(Command("sha256sum", [path]))
        guard digest.succeeded, let sum = digest.lines.first(where: { $0.stream == .stdout })?.text.split(separator: " ").first else {
            throw ArchiveError.notATar(path: path)
        }
        return DockerArchive(path: path, tags: tags, id: String(sum.prefix(16)))
    }

    /// The tags of a `manifest.json`, after checking that every config and layer it names is in the tar
    /// and that each tag is a Docker Hub name (the only names the engines' mirror can serve).
    static func tags(inManifest text: String, members: Set<String>, path: String) throws -> [String] {
        guard let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)), let images = json as? [[String: Any]],
              !images.isEmpty else {
            throw ArchiveError.badManifest(path: path, reason: "manifest.json is not a list of images")
        }
        var tags: [String] = []
        for image in images {
            guard let config = image["Config"] as? String, let layers = image["Layers"] as? [String] else {
                throw ArchiveError.badManifest(path: path, reason: "an image has no Config or Layers")
            }
            if let missing = ([config] + layers).first(where: { !members.contains($0) }) {
                throw ArchiveError.badManifest(path: path, reason: "\(missing) is named in manifest.json but not in the archive (truncated?)")
            }
            for tag in image["RepoTags"] as? [String] ?? [] {
                guard let reference = BaseReference(tag), reference.digest == nil else {
                    throw ArchiveError.badManifest(path: path, reason: "tag \(tag) is not an image reference")
                }
                guard reference.isDockerHub else { throw ArchiveError.notDockerHub(tag: tag) }
                tags.append(tag)
            }
        }
        guard !tags.isEmpty else { throw ArchiveError.untagged(path: path) }
        return tags
    }
}
