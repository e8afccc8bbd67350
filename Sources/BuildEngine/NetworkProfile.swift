import Foundation

/// The network between the CI runner and the registry, emulated by `ThrottlingProxy`.
package struct NetworkProfile: Sendable, Equatable, Codable {
    package var name: String
    /// Bytes per second in each direction; nil = unthrottled.
    package var bytesPerSecond: Double?
    /// One-way delay added to every chunk, in seconds.
    package var latency: Double

    package init(name: String, bytesPerSecond: Double?, latency: Double) {
        self.name = name; self.bytesPerSecond = bytesPerSecond; self.latency = latency
    }

    package var isUnthrottled: Bool { bytesPerSecond == nil && latency == 0 }

    /// Named profiles; `--network RATE:LATENCY` (e.g. `100mbit:15ms`) gives any other.
    package static let named: [NetworkProfile] = [
        NetworkProfile(name: "local", bytesPerSecond: nil, latency: 0),
        NetworkProfile(name: "datacenter", bytesPerSecond: 1_000_000_000 / 8, latency: 0.001),
        NetworkProfile(name: "cloud", bytesPerSecond: 200_000_000 / 8, latency: 0.010),
        NetworkProfile(name: "office", bytesPerSecond: 50_000_000 / 8, latency: 0.020),
        NetworkProfile(name: "slow", bytesPerSecond: 10_000_000 / 8, latency: 0.050),
    ]

    /// `local`, a named profile, or `RATE:LATENCY` with RATE in kbit/mbit/gbit and LATENCY in ms.
    package static func parse(_ text: String) -> NetworkProfile? {
        if let profile = named.first(where: { $0.name == text }) { return profile }
        let parts = text.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let units: [(String, Double)] = [("gbit", 1e9), ("mbit", 1e6), ("kbit", 1e3)]
        guard let unit = units.first(where: { parts[0].hasSuffix($0.0) }),
              let rate = Double(parts[0].dropLast(unit.0.count)), rate > 0,
              parts[1].hasSuffix("ms"), let ms = Double(parts[1].dropLast(2)), ms >= 0 else { return nil }
        return NetworkProfile(name: text, bytesPerSecond: rate * unit.1 / 8, latency: ms / 1000)
    }

    package var summary: String {
        guard let rate = bytesPerSecond else { return latency == 0 ? "\(name): unthrottled loopback" : "\(name): \(Int(latency * 1000)) ms" }
        return String(format: "%@: %g Mbit/s, %g ms each way", name, rate * 8 / 1e6, latency * 1000)
    }
}
