import Foundation

/// Rates and fixed costs measured on this machine by the calibration builds (unthrottled loopback).
package struct MachineRates: Sendable, Codable, Equatable {
    /// Mean wall seconds of a build command beyond the steps it printed (client, context upload, export).
    package var buildCommandSeconds: Double
    /// Mean wall seconds of a pull that moves nothing (a cold pull of a missing tag).
    package var pullCommandSeconds: Double
    /// Bytes per second a local pull fetches and extracts, beyond `pullCommandSeconds`.
    package var extractionBytesPerSecond: Double
    /// Mean wall seconds of a push whose layers all exist.
    package var pushCommandSeconds: Double
    /// Bytes per second a local push compresses and uploads, beyond `pushCommandSeconds`.
    package var pushBytesPerSecond: Double

    package init(buildCommandSeconds: Double, pullCommandSeconds: Double, extractionBytesPerSecond: Double,
                 pushCommandSeconds: Double, pushBytesPerSecond: Double) {
        self.buildCommandSeconds = buildCommandSeconds; self.pullCommandSeconds = pullCommandSeconds
        self.extractionBytesPerSecond = extractionBytesPerSecond; self.pushCommandSeconds = pushCommandSeconds
        self.pushBytesPerSecond = pushBytesPerSecond
    }
}
