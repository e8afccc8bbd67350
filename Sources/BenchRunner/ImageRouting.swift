import BuildEngine
import DockerfileModel
import Foundation

/// Where the images a Dockerfile pulls come from, and the private Dockerfile that sends other registries' images
/// through their pull-through caches. Docker's registry mirrors serve Docker Hub names only, so a `FROM ghcr.io/o/i:1`
/// is rewritten to `FROM 127.0.0.1:PORT/o/i:1` (the cache of ghcr.io) in the build's copy; the user's files, the
/// stored script and the reports keep the user's names.
package enum ImageRouting {
    /// The registry an image site names.
    package enum Origin: Equatable, Sendable {
        case dockerHub
        case registry(String)
        /// Its registry is written with an ARG that has no value before the build (no default, no build arg):
        /// reported, not guessed; the engines pull it themselves.
        case unknown
    }

    /// The registry of `site`: read from the reference as written when its host is plain text (the rest may hold
    /// variables the builder fills in), else from the expansion when every variable it names has a value.
    package static func origin(of site: ImageSite) -> Origin {
        if let written = BaseReference.registry(ofWritten: site.written) { return written.map(Origin.registry) ?? .dockerHub }
        guard site.isResolved, let reference = BaseReference(site.expanded) else { return .unknown }
        return reference.registry.map(Origin.registry) ?? .dockerHub
    }

    /// The registries other than Docker Hub that `sites` pull from, in order of first appearance.
    package static func registries(_ sites: [ImageSite]) -> [String] {
        var hosts: [String] = []
        for site in sites {
            if case .registry(let host) = origin(of: site), !hosts.contains(host) { hosts.append(host) }
        }
        return hosts
    }

    /// The sites whose registry cannot be known before the build.
    package static func unknown(_ sites: [ImageSite]) -> [ImageSite] {
        sites.filter { origin(of: $0) == .unknown }
    }

    /// The word the private Dockerfile holds instead of `site.written`: the cache's address in place of the registry
    /// host. A host written as plain text is replaced alone, so variables after it stay for the builder to expand;
    /// a host that came from an ARG is replaced with the whole expanded reference.
    static func replacement(for site: ImageSite, registry: String, address: String) -> String {
        if let slash = site.written.firstIndex(of: "/"), site.written[..<slash].lowercased() == registry {
            return address + site.written[slash...]
        }
        let expanded = site.expanded
        guard let slash = expanded.firstIndex(of: "/") else { return expanded }
        return address + expanded[slash...]
    }

    /// A project's Dockerfiles (as written, and with unnamed stages named) with every site of a routed registry
    /// rewritten; nil when no site needs it.
    package struct Rewrite: Sendable, Equatable {
        package var original: String
        package var named: String
        /// Each rewritten site with the registry it came from.
        package var routed: [(site: ImageSite, registry: String)]
        /// Sites of a routed registry whose reference could not be found as one word (left as written).
        package var unreplaced: [ImageSite]

        package static func == (lhs: Rewrite, rhs: Rewrite) -> Bool {
            lhs.original == rhs.original && lhs.named == rhs.named && lhs.unreplaced == rhs.unreplaced
                && lhs.routed.map(\.site) == rhs.routed.map(\.site) && lhs.routed.map(\.registry) == rhs.routed.map(\.registry)
        }
    }

    package static func rewrite(_ project: Project, routes: [RegistryRoute]) -> Rewrite? {
        rewrite(model: project.model, sites: project.imageSites, named: project.namedDockerfileText, routes: routes)
    }

    static func rewrite(model: Dockerfile, sites: [ImageSite], named: String, routes: [RegistryRoute]) -> Rewrite? {
        var replacements: [(site: ImageSite, with: String)] = []
        var routed: [(site: ImageSite, registry: String)] = []
        for site in sites {
            guard case .registry(let host) = origin(of: site), let route = routes.first(where: { $0.registry == host }) else { continue }
            replacements.append((site, replacement(for: site, registry: host, address: route.address)))
            routed.append((site, host))
        }
        guard !replacements.isEmpty else { return nil }
        let original = model.replacingImages(replacements)
        let renamed = model.replacingImages(replacements, in: named)
        let missed = Set(original.unreplaced)
        return Rewrite(original: original.text, named: renamed.text, routed: routed.filter { !missed.contains($0.site) },
                       unreplaced: original.unreplaced)
    }

    /// A step's text as the user would read it: each cache address the private Dockerfile named put back as its
    /// registry (`FROM 127.0.0.1:PORT/o/i:1` → `FROM ghcr.io/o/i:1`), so that steps compare across runs.
    static func restoringNames(_ text: String, routes: [RegistryRoute]) -> String {
        routes.reduce(text) { text, route in text.replacingOccurrences(of: route.address + "/", with: route.registry + "/") }
    }

    /// What the report says about the images no cache serves: `IMAGE (line N: why)`, `; `-separated; nil when none.
    static func unserved(_ sites: [ImageSite], rewrite: Rewrite?) -> String? {
        let unknown = unknown(sites).map { "\($0.written) (line \($0.startLine): its registry depends on an ARG with no value before the build)" }
        let missed = (rewrite?.unreplaced ?? []).map { "\($0.written) (line \($0.startLine): not one plain word in the Dockerfile)" }
        let all = unknown + missed
        return all.isEmpty ? nil : all.joined(separator: "; ")
    }

    /// What the report says about the images that came through pull-through caches: `IMAGE (line N) from REGISTRY
    /// through its cache of URL`, one entry per site, `; `-separated; nil when none did.
    static func summary(_ rewrite: Rewrite?, routes: [RegistryRoute]) -> String? {
        guard let rewrite, !rewrite.routed.isEmpty else { return nil }
        return rewrite.routed.map { site, registry in
            let route = routes.first { $0.registry == registry }
            let upstream = route.map { " through the pull-through cache of \($0.upstream)\($0.isOffline ? " (offline: only what it kept)" : "")" } ?? ""
            return "\(site.written) (line \(site.startLine))\(upstream)"
        }.joined(separator: "; ")
    }
}
