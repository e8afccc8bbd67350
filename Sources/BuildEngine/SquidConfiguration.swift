import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// squid.conf for one run's proxy: a reverse proxy that takes the origin from the Host header
/// (`accel vhost allow-direct`), so connections redirected from the builds, or passed on by the
/// throttling proxy, need no original-destination lookup.
package struct SquidConfiguration: Sendable, Equatable {
    /// The run's squid directory (owned by `proxy`): store, logs.
    package var directory: String
    package var port: Int
    /// Resolver inside the namespace (slirp4netns's forwarder): the host's may be on its own loopback.
    package var dnsServer: String = NetworkNamespace.dnsServer
    /// Disk store size in MB; squid evicts the least recently used objects beyond it.
    var storeMegabytes: Int = 20_000

    package var store: String { "\(directory)/store" }
    package var accessLog: String { "\(directory)/access.log" }
    var cacheLog: String { "\(directory)/cache.log" }

    package init(directory: String, port: Int) {
        self.directory = directory
        self.port = port
    }

    /// The file's text. Packages and by-hash indexes never change under one URL, so they stay fresh
    /// for a year even when apt asks to reload; InRelease and other indexes are revalidated as usual.
    package var text: String {
        """
        # Written by cachebench for one run; squid runs inside the run's network namespace.
        http_port \(port) accel vhost allow-direct
        http_access allow all
        cache_effective_user proxy
        cache_dir ufs \(store) \(storeMegabytes) 16 64
        maximum_object_size 1 GB
        cache_mem 64 MB
        maximum_object_size_in_memory 8 MB
        access_log stdio:\(accessLog)
        cache_log \(cacheLog)
        cache_store_log none
        pid_filename none
        pinger_enable off
        shutdown_lifetime 0 seconds
        dns_nameservers \(dnsServer)
        forwarded_for transparent
        refresh_pattern /by-hash/ 525600 100% 525600 ignore-reload
        refresh_pattern \\.(deb|udeb)$ 525600 100% 525600 ignore-reload
        refresh_pattern . 0 20% 4320

        """
    }

    /// squid's `-n` service name for the run in `namespace`: alphanumeric, unique per run, so that the
    /// shared-memory segments squid names after it (`/dev/shm/NAME-*.shm`) never collide between runs.
    package static func serviceName(for namespace: NetworkNamespace) -> String {
        servicePrefix + namespace.name.dropFirst(NetworkNamespace.prefix.count).replacingOccurrences(of: "-", with: "x")
    }

    static let servicePrefix = "cbsquid"

    /// Segments in `shmFiles` (names in /dev/shm) left by runs whose namespace no longer exists (a killed run's squid).
    package static func staleSegments(_ shmFiles: [String], liveNamespaces: [NetworkNamespace]) -> [String] {
        let live = Set(liveNamespaces.map(serviceName(for:)))
        return shmFiles.filter { file in
            guard file.hasPrefix(servicePrefix), file.hasSuffix(".shm"), let dash = file.firstIndex(of: "-") else { return false }
            return !live.contains(String(file[..<dash]))
        }
    }

    /// squid splits its directives on whitespace.
    package static func isUsable(path: String) -> Bool {
        !path.isEmpty && !path.contains(where: { $0.isWhitespace || $0 == "#" })
    }
}
