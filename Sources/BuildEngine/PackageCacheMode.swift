import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `--package-cache`: whether the builds' own plain-http downloads (apt from the Debian mirror) go
/// through the run's caching proxy, or straight to the internet.
package enum PackageCacheMode: String, Sendable, CaseIterable, Codable {
    /// squid in the run's namespace serves every port-80 download, filled on first use.
    case on
    /// The builds download from the real internet, as without cachebench.
    case off

    /// What the run options and the report say.
    package var summary: String {
        switch self {
        case .on: return "on: builds' http downloads served by the run's caching proxy (https is not cached)"
        case .off: return "off: builds download from the internet"
        }
    }
}
