import BuildEngine
import Foundation
import ResultStore

extension RunSession {
    /// What the package cache did for the run's builds, as a note and in the run's options
    /// (`packageCacheTraffic`), so that the report can say when builds fetched over https.
    static func recordPackageCache(_ sandbox: Sandbox, store: ResultStore, runId: Int64,
                                   events: @Sendable (RunEvent) -> Void) async {
        guard let cache = sandbox.packageCache else { return }
        let traffic = await cache.traffic(runner: sandbox.runner)
        let line = packageCacheLine(traffic: traffic, log: cache.log)
        events(.note("package cache: \(line)"))
        try? store.setRunOption(id: runId, key: "packageCacheTraffic", value: line)
    }

    /// One line: connections counted by the namespace's rules, squid's hits and misses, and a warning about https.
    static func packageCacheLine(traffic: PackageCacheTraffic?, log: PackageCacheLog) -> String {
        let requests = "\(log.hits) requests served from the cache, \(log.misses) from the internet"
        guard let traffic else { return requests + "; connection counters unavailable" }
        let https = traffic.httpsConnections == 0
            ? "no https connections"
            : "\(traffic.httpsConnections) https connection(s) that it cannot cache: those downloads stay noisy"
        return "\(traffic.httpConnections) http connection(s), \(requests); \(https)"
    }
}
