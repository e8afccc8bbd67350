import Foundation

/// A `FROM` reference split the way Docker resolves it: `debian:12-slim` is Docker Hub's
/// `library/debian` at tag `12-slim`; `ghcr.io/org/app:1` is registry `ghcr.io`, repository `org/app`.
package struct BaseReference: Sendable, Hashable {
    /// The registry host (`ghcr.io`, `quay.io`, `localhost:5000`); nil for Docker Hub.
    package var registry: String?
    /// The repository path inside the registry, with Docker Hub's implicit `library/` added.
    package var repository: String
    package var tag: String
    /// `sha256:...` when the reference is pinned by digest.
    package var digest: String?

    /// Docker Hub's host names, as a reference may spell them.
    static let dockerHubHosts: Set<String> = ["docker.io", "index.docker.io", "registry-1.docker.io"]

    /// Parses `[HOST/]PATH[:TAG][@DIGEST]`; nil for an empty or malformed reference.
    package init?(_ text: String) {
        var rest = text.trimmingCharacters(in: .whitespaces)
        guard !rest.isEmpty, !rest.contains(" ") else { return nil }
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = String(rest[..<at])
            guard digest?.isEmpty == false else { return nil }
        }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !components.contains(where: \.isEmpty) else { return nil }
        if components.count > 1, Self.isHost(components[0]) {
            let host = components.removeFirst().lowercased()
            registry = Self.dockerHubHosts.contains(host) ? nil : host
        }
        var last = components.removeLast()
        tag = "latest"
        if let colon = last.lastIndex(of: ":") {
            tag = String(last[last.index(after: colon)...])
            last = String(last[..<colon])
            guard !tag.isEmpty, !last.isEmpty else { return nil }
        }
        components.append(last)
        if registry == nil, components.count == 1 { components.insert("library", at: 0) }
        repository = components.joined(separator: "/").lowercased()
    }

    package var isDockerHub: Bool { registry == nil }

    /// The first component of a reference with a path after it is a host when it has a dot or a port, or is
    /// localhost (Docker's rule).
    package static func isHost(_ component: some StringProtocol) -> Bool {
        component.contains(".") || component.contains(":") || component == "localhost"
    }

    /// The registry a reference names, read from its first component alone (the rest may hold variables):
    /// `.some(nil)` for Docker Hub, `.some(host)` for another registry, nil when the first component is not
    /// plain text.
    package static func registry(ofWritten text: String) -> String?? {
        let components = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = components.first else { return nil }
        // Without a path, a variable in the name could hold a host (`${IMAGE}`); one in the tag cannot (`node:${V}`).
        let name = components.count > 1 ? first : first.prefix { $0 != ":" && $0 != "@" }
        guard !name.contains("$"), !name.contains("\\"), !name.isEmpty else { return nil }
        guard components.count > 1, isHost(first) else { return .some(nil) }
        let host = first.lowercased()
        return .some(dockerHubHosts.contains(host) ? nil : host)
    }
}
