import Foundation

/// `--upstream` as given, repeatable: a bare URL stands in for Docker Hub (as it always has); `REGISTRY=URL`
/// stands in for another registry (`ghcr.io=http://10.0.2.2:5000`). A registry named by no pair is pulled
/// through a cache of itself, `https://REGISTRY`.
package struct UpstreamOverrides: Sendable, Equatable {
    /// Docker Hub's stand-in (a bare URL, or `docker.io=URL`); nil: Docker Hub itself.
    package var dockerHub: String?
    /// Registry host (lower-cased, as `FROM` names it) to its stand-in's URL.
    package var registries: [String: String] = [:]

    package init(dockerHub: String? = nil, registries: [String: String] = [:]) {
        self.dockerHub = dockerHub
        self.registries = registries
    }

    /// Parses every `--upstream` value; the first bad one throws a one-line error that says what to pass.
    package init(parsing values: [String]) throws {
        for value in values {
            let text = value.trimmingCharacters(in: .whitespaces)
            // A URL has "://" before any "="; a pair has its "=" before it.
            if let equals = text.firstIndex(of: "="), !text[..<equals].contains("/") {
                let registry = String(text[..<equals]).trimmingCharacters(in: .whitespaces).lowercased()
                let url = String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
                guard !registry.isEmpty, !registry.contains(" "), BaseReference.isHost(registry) else {
                    throw PullThroughError.badRegistry(value)
                }
                guard (try? PullThroughCache.Upstream(url)) != nil else { throw PullThroughError.badUpstream(value) }
                if BaseReference.dockerHubHosts.contains(registry) {
                    try setDockerHub(url, value: value)
                } else {
                    if let earlier = registries[registry], earlier != url { throw PullThroughError.twice(registry: registry) }
                    registries[registry] = url
                }
            } else {
                _ = try PullThroughCache.Upstream(text)
                try setDockerHub(text, value: value)
            }
        }
    }

    mutating func setDockerHub(_ url: String, value: String) throws {
        if let earlier = dockerHub, earlier != url { throw PullThroughError.twice(registry: "docker.io") }
        dockerHub = url
    }

    /// The upstream a registry's cache fetches from: its stand-in, or the registry itself over https.
    package func upstream(forRegistry registry: String) throws -> PullThroughCache.Upstream {
        try PullThroughCache.Upstream(registries[registry.lowercased()] ?? "https://\(registry.lowercased())")
    }

    /// As the run stores it: the values in a fixed order, Docker Hub's first.
    package var summary: String? {
        let pairs = registries.keys.sorted().map { "\($0)=\(registries[$0]!)" }
        let all = (dockerHub.map { [$0] } ?? []) + pairs
        return all.isEmpty ? nil : all.joined(separator: ",")
    }
}
