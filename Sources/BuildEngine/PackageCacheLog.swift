import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What squid's access log says: requests served from the cache, and from the origin.
package struct PackageCacheLog: Sendable, Equatable {
    package var hits = 0
    package var misses = 0

    package init(hits: Int = 0, misses: Int = 0) { self.hits = hits; self.misses = misses }

    /// Counts squid's native access-log lines (`time elapsed client CODE/STATUS bytes METHOD URL ...`):
    /// any `*HIT*` code is a hit (TCP_HIT, TCP_MEM_HIT, TCP_REFRESH_UNMODIFIED is a revalidated hit).
    package init(accessLog text: String) {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 3, let code = fields[3].split(separator: "/").first else { continue }
            if code.contains("HIT") || code == "TCP_REFRESH_UNMODIFIED" { hits += 1 } else { misses += 1 }
        }
    }
}
