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

/// A Debian release that debootstrap can make, and every tag under which Docker Hub publishes it.
///
/// Both the `-slim` and the full tags are served from one `debootstrap --variant=minbase` rootfs, so
/// they share their layer. Docker Hub's own images are also minbase; its slim variant additionally
/// drops `/usr/share/doc`, man pages and locales, and its full one has nothing more installed. Ours
/// keeps the docs, so a served `-slim` is a few MB larger than Docker Hub's.
package enum DebianSuite: String, Sendable, CaseIterable, Codable {
    case bookworm
    case trixie

    package var version: Int {
        switch self {
        case .bookworm: return 12
        case .trixie: return 13
        }
    }

    /// The tags of `library/debian` that this suite is served under, slim first.
    /// Point-release tags (`12.8`) and rolling aliases (`stable`) are left out: they move upstream.
    package var tags: [String] { ["\(rawValue)-slim", "\(version)-slim", rawValue, "\(version)"] }

    /// The suite behind a Docker Hub `debian` tag, or nil when debootstrap cannot make it here.
    package static func serving(tag: String) -> DebianSuite? {
        allCases.first { $0.tags.contains(tag) }
    }

    /// The suite behind a `FROM` reference, or nil (another image, registry, or a digest pin).
    package static func serving(reference: String) -> DebianSuite? {
        guard let parsed = BaseReference(reference), parsed.isDockerHub, parsed.digest == nil,
              parsed.repository == "library/debian" else { return nil }
        return serving(tag: parsed.tag)
    }

    /// `debian:bookworm-slim, debian:12-slim, debian:bookworm, debian:12, ...` for help texts.
    package static var servedTagList: String {
        allCases.flatMap { $0.tags.map { "debian:\($0)" } }.joined(separator: ", ")
    }
}
