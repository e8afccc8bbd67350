import Foundation

package enum ScenarioError: Error, LocalizedError, Equatable {
    case noFileToEdit(scenario: String, option: String)
    case fileMissing(scenario: String, path: String)
    case baseNotMirrored(images: [String])
    case unsafeFile(scenario: String, path: String, why: String)

    package var errorDescription: String? {
        switch self {
        case .noFileToEdit(let scenario, let option):
            return "scenario \(scenario) needs a file to edit and none could be inferred: pass \(option) PATH or set it in cachebench.yml."
        case .fileMissing(let scenario, let path):
            return "scenario \(scenario) would edit \(path), which is not in the build context: fix \(path) in cachebench.yml or the flag."
        case .unsafeFile(let scenario, let path, let why):
            return "scenario \(scenario) refuses to edit \(path): \(why). Name a regular file inside the build context."
        case .baseNotMirrored(let images):
            return "scenario base-change needs a Docker Hub base that is not pinned by digest (cachebench's mirror serves and can change those), but the target builds FROM \(images.isEmpty ? "scratch" : images.joined(separator: ", ")): drop base-change from --scenarios."
        }
    }
}
