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

/// Why the package cache could not be used.
enum PackageCacheError: Error, LocalizedError, Equatable {
    case missingProgram(name: String, package: String)
    case unusablePath(String)
    case noProxyUser
    case ruleFailed(command: String, tail: String)

    var errorDescription: String? {
        switch self {
        case .missingProgram(let name, let package):
            return "\(name) not found: the package cache needs it; install it with `apt-get install -y \(package)`, or run with --package-cache off."
        case .unusablePath(let path):
            return "the package cache cannot live in \(path) (squid's config takes no whitespace): set TMPDIR and --cache-dir to paths without spaces, or run with --package-cache off."
        case .noProxyUser:
            return "squid's user `proxy` does not exist: reinstall it with `apt-get install --reinstall -y squid`, or run with --package-cache off."
        case .ruleFailed(let command, let tail):
            return "could not redirect the builds' http to the package cache (`\(command)`: \(tail)): check that iptables works as root (`apt-get install -y iptables`), or run with --package-cache off."
        }
    }
}

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

/// The nat rules, inside the run's namespace only, that send the builds' port-80 connections to the
/// cache and count their port-443 ones. They live in a chain of their own, jumped to first from
/// PREROUTING: dockerd re-creates only its DOCKER chains and its own jump when it starts, so the
/// chain survives every engine; `ensureJump` re-checks the jump after each start all the same.
/// Any interface but the uplink and loopback is a build's (docker0, buildah's bridge), so no bridge
/// name or subnet has to be known before the engine makes it.
package struct PackageCacheRules: Sendable, Equatable {
    package static let chain = "CACHEBENCH-PKG"
    /// Where port-80 connections are redirected: squid, or the throttling proxy in front of it.
    package var redirectPort: Int

    package init(redirectPort: Int) { self.redirectPort = redirectPort }

    /// iptables argument lists, in order: the chain, its rules, the jump.
    package var setup: [[String]] {
        let chain = Self.chain
        return [
            ["-w", "-t", "nat", "-N", chain],
            ["-w", "-t", "nat", "-A", chain, "-i", "tap0", "-j", "RETURN"],
            ["-w", "-t", "nat", "-A", chain, "-i", "lo", "-j", "RETURN"],
            ["-w", "-t", "nat", "-A", chain, "-p", "tcp", "--dport", "80", "-j", "REDIRECT", "--to-ports", String(redirectPort)],
            ["-w", "-t", "nat", "-A", chain, "-p", "tcp", "--dport", "443", "-j", "RETURN"],
            Self.jump("-I"),
        ]
    }

    /// `-C` checks the jump, `-I` inserts it first in PREROUTING.
    package static func jump(_ operation: String) -> [String] {
        ["-w", "-t", "nat", operation, "PREROUTING"] + (operation == "-I" ? ["1"] : []) + ["-j", chain]
    }

    /// Connections the chain counted, from `iptables-save -c -t nat`: in nat, only a connection's
    /// first packet is seen, so packets are connections. nil when the chain is not there.
    package static func connections(inSave text: String) -> PackageCacheTraffic? {
        var http: Int?
        var https: Int?
        for line in text.split(separator: "\n") where line.hasPrefix("[") && line.contains("-A \(chain) ") {
            guard let close = line.firstIndex(of: "]"),
                  let packets = Int(line.dropFirst().prefix(upTo: close).split(separator: ":").first ?? "") else { continue }
            if line.contains("--dport 80 ") { http = packets }
            if line.contains("--dport 443 ") { https = packets }
        }
        guard let http, let https else { return nil }
        return PackageCacheTraffic(httpConnections: http, httpsConnections: https)
    }
}

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
