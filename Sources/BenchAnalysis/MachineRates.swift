import Foundation

/// Rates and fixed costs measured on this machine by the calibration builds (unthrottled loopback).
package struct MachineRates: Sendable, Codable, Equatable {
    /// Wall seconds of a build command beyond the steps it printed, apart from exporting and unpacking its image
    /// (client, context upload, metadata).
    package var buildCommandSeconds: Double
    /// Bytes per second (compressed) a BuildKit build command exports its new layers into the image store at,
    /// beyond `buildCommandSeconds`; 0 when not measured.
    package var exportBytesPerSecond: Double = 0
    /// Mean wall seconds of a pull that moves nothing (a cold pull of a missing tag).
    package var pullCommandSeconds: Double
    /// Bytes per second a local pull (or a BuildKit build's cache import) fetches and extracts, beyond the command's
    /// fixed cost.
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
