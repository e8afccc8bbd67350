import Foundation

/// Why a phase's output could not be spooled.
package enum SpoolError: Error, LocalizedError, Equatable {
    case cannotWrite(directory: String, reason: String)

    package var errorDescription: String? {
        switch self {
        case .cannotWrite(let directory, let reason):
            return "could not spool a build's output under \(directory): \(reason). "
                + "Check that it is writable and has free space, then run again."
        }
    }
}
