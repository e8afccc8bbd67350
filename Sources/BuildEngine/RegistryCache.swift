/// The pull-through cache that serves one registry other than Docker Hub, and the proxy in front of it under a
/// network profile. Several registries with one upstream share one cache.
package struct RegistryCache: Sendable {
    package let registry: String
    package let cache: PullThroughCache
    package let proxy: ThrottlingProxy?

    package var route: RegistryRoute {
        RegistryRoute(registry: registry, address: proxy?.address ?? cache.address, upstream: cache.upstream.url,
                      isOffline: cache.isOffline)
    }
}
