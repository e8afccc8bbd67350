import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
