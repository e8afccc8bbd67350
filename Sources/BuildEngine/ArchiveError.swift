import Foundation

/// Why a `docker save` archive cannot be loaded; each message says what to do instead.
package enum ArchiveError: Error, LocalizedError, Equatable {
    case notFound(path: String)
    case notATar(path: String)
    case noManifest(path: String)
    case badManifest(path: String, reason: String)
    case untagged(path: String)
    case notDockerHub(tag: String)

    package var errorDescription: String? {
        switch self {
        case .notFound(let path):
            return "\(path) is not a readable file: pass the archive that `docker save -o FILE IMAGE:TAG` wrote."
        case .notATar(let path):
            return "\(path) is not a tar archive: pass the file that `docker save -o FILE IMAGE:TAG` wrote (not gzipped)."
        case .noManifest(let path):
            return "\(path) has no manifest.json, so it is not a `docker save` archive: make one with `docker save -o FILE IMAGE:TAG`."
        case .badManifest(let path, let reason):
            return "\(path) cannot be loaded: \(reason). Make it again with `docker save -o FILE IMAGE:TAG`."
        case .untagged(let path):
            return "\(path) holds no tagged image: save it by name, `docker save -o FILE IMAGE:TAG`, so the mirror knows what to serve."
        case .notDockerHub(let tag):
            return "\(tag) is not a Docker Hub name, and the engines' mirror serves only those: `docker tag` it as a Docker Hub name before `docker save`."
        }
    }
}
