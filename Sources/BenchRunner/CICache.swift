import BuildEngine
import Foundation
import ResultStore

/// `type=local`'s cache directory as a CI cache (actions/cache, GitLab `cache:`) carries it along a chain:
/// `store` is the CI system's copy, kept from build to build; `runnerDirectory` is the fresh runner's, restored
/// from the store before the build and saved back after it. Both sit beside the context copy, never inside it.
struct CICache: Sendable {
    let root: URL

    var store: URL { root.appendingPathComponent("ci-cache-store") }
    var runnerDirectory: URL { root.appendingPathComponent("ci-cache-runner") }

    /// A fresh runner starts without the directory.
    func clearRunner() throws {
        if FileManager.default.fileExists(atPath: runnerDirectory.path) {
            try FileManager.default.removeItem(at: runnerDirectory)
        }
    }

    /// Copies store → runner (`restore`) or runner → store (`save`) with `cp -a`, timed as a phase; the layer row
    /// holds the bytes moved. Nothing to copy (a cold chain's restore) is a phase of 0 bytes that succeeds.
    func transfer(_ kind: PhaseKind, ordinal: Int, runner: any ProcessRunner) async throws -> (PhaseRecord, LayerRecord?) {
        let (source, target) = kind == .restore ? (store, runnerDirectory) : (runnerDirectory, store)
        guard FileManager.default.fileExists(atPath: source.path) else {
            let note = kind == .restore ? "no CI cache yet: \(store.path) does not exist" : "nothing to save: \(source.path) does not exist"
            return (PhaseRecord(ordinal: ordinal, kind: kind, argv: [], wallSeconds: 0, exitCode: 0, output: note), nil)
        }
        if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
        let command = Command("cp", ["-a", source.path, target.path])
        let result = try await runner.run(command)
        let phase = PhaseRecord(ordinal: ordinal, kind: kind, argv: command.argv, wallSeconds: result.wallSeconds,
                                exitCode: Int(result.exitCode), output: result.output)
        let layer = LayerRecord(ordinal: 0, layerId: "ci-cache", action: kind == .restore ? .restored : .saved,
                                bytes: Self.bytes(under: target))
        return (phase, result.succeeded ? layer : nil)
    }

    /// Sum of the regular files' sizes below `directory`.
    static func bytes(under directory: URL) -> Int64 {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        else { return 0 }
        var total: Int64 = 0
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            if values?.isRegularFile == true { total += Int64(values?.fileSize ?? 0) }
        }
        return total
    }
}
