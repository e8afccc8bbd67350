/// How the engines reach one registry other than Docker Hub: its pull-through cache in the run's namespace. The
/// build's private Dockerfile names `address` where the user's names `registry`; reports name the registry.
package struct RegistryRoute: Sendable, Equatable {
    /// The registry host as `FROM` names it: `ghcr.io`, `quay.io`.
    package var registry: String
    /// `127.0.0.1:PORT` as the engines reach the cache: its throttling proxy's under a network profile.
    package var address: String
    /// What the cache pulls from: the registry itself, or `--upstream REGISTRY=URL`.
    package var upstream: String
    /// The upstream did not answer at start: only what the cache kept is served.
    package var isOffline: Bool

    package init(registry: String, address: String, upstream: String, isOffline: Bool = false) {
        self.registry = registry; self.address = address; self.upstream = upstream; self.isOffline = isOffline
    }
}
