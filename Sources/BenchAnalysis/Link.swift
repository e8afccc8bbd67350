import Foundation

/// The link to the registry a prediction is made for (the same numbers as `NetworkProfile`).
package struct Link: Sendable, Codable, Equatable {
    package var name: String
    /// nil: unthrottled loopback.
    package var bytesPerSecond: Double?
    /// One-way delay, seconds.
    package var latency: Double
    package init(name: String, bytesPerSecond: Double?, latency: Double) {
        self.name = name; self.bytesPerSecond = bytesPerSecond; self.latency = latency
    }
    var roundTrip: Double { 2 * latency }
    func transfer(_ bytes: Int64) -> Double { bytesPerSecond.map { Double(bytes) / $0 } ?? 0 }
}
