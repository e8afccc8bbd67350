import Foundation
#if canImport(Glibc)
import Glibc
#endif

package enum CacheServiceError: Error, LocalizedError, Equatable {
    case transfer(String)

    package var errorDescription: String? {
        switch self {
        case .transfer(let reason):
            return "CI cache transfer failed: \(reason); rerun the build (the previous cache archive is kept)."
        }
    }
}
