import BuildLogParsing
import Foundation

enum IngestError: Error, LocalizedError, Equatable {
    case notABuildLog(path: String, format: String)

    var errorDescription: String? {
        switch self {
        case .notABuildLog(let path, let format):
            return "\(path) looks like a \(format) log, not a build: ingest takes the output of docker build or buildah build."
        }
    }
}
