import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the builds of a run sent out, as counted by the namespace's rules.
package struct PackageCacheTraffic: Sendable, Equatable {
    /// Port-80 connections, all served through the cache.
    package var httpConnections: Int
    /// Port-443 connections, which the cache cannot serve: their downloads stay noisy.
    package var httpsConnections: Int

    package init(httpConnections: Int, httpsConnections: Int) {
        self.httpConnections = httpConnections
        self.httpsConnections = httpsConnections
    }
}
