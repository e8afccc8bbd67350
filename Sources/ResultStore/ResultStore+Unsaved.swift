import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ResultStore {
    /// Where builds that could not be inserted are kept, next to the database.
    package var unsavedDirectory: URL {
        URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("unsaved-builds")
    }

    /// Inserts the build in one transaction; when that fails, the transaction is rolled back and the build is
    /// written as JSON (0600) under `unsavedDirectory`, so a full disk or a busy database loses nothing and the
    /// run can go on. Throws only when the JSON cannot be written either.
    package func insertBuildOrKeep(_ new: NewBuild) throws -> BuildInsertOutcome {
        let insertError: any Error
        do {
            return .stored(buildId: try writeBuild(new, rawOutput: nil))
        } catch {
            insertError = error
        }
        let mapped = Self.storeError(insertError, path: path)
        let reason = if case .cannotOpen = mapped { "SQLite refused the insert (\(Self.oneLine(insertError)))." }
            else { mapped.errorDescription ?? Self.oneLine(insertError) }
        do {
            let file = try keep(UnsavedBuild(new, reason: reason))
            return .kept(file: file.path, reason: reason)
        } catch {
            throw StoreError.buildLost(path: path, reason: reason, keepError: Self.oneLine(error))
        }
    }

    /// Inserts a build that `insertBuildOrKeep` kept as JSON, then deletes the file. Returns the build and run ids.
    package func importUnsaved(_ file: URL) throws -> (buildId: Int64, runId: Int64) {
        let unsaved: UnsavedBuild
        do {
            unsaved = try UnsavedBuild.read(from: file)
        } catch {
            throw StoreError.notAnUnsavedBuild(file: file.path)
        }
        let runId = unsaved.build.runId
        guard try queue.read({ try RunRecord.exists($0, key: runId) }) else { throw StoreError.noSuchRun(id: runId, path: path) }
        let buildId = try insertBuild(unsaved.newBuild)
        try? FileManager.default.removeItem(at: file)
        for spilled in unsaved.spilled ?? [] { spilled.output.remove() }
        return (buildId, runId)
    }

    private func keep(_ unsaved: UnsavedBuild) throws -> URL {
        try Self.createPrivateDirectories(unsavedDirectory)
        var unsaved = unsaved
        let b = unsaved.build
        let stamp = Int(Date().timeIntervalSince1970 * 1000)
        let stem = String("run-\(b.runId)-\(b.strategy)-\(b.scenario)-i\(b.iteration)-\(stamp)"
            .map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
        let file = unsavedDirectory.appendingPathComponent(stem + ".json")
        // The spool files go away with the run's temp directory: the kept build gets copies beside its JSON.
        unsaved.spilled = try unsaved.spilled?.map { spilled in
            var copy = spilled
            copy.output = try spilled.output.copied(to: unsavedDirectory, name: "\(stem).phase\(spilled.phaseIndex)")
            return copy
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(unsaved)
        let fd = open(file.path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path]) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(at: file)  // a truncated JSON file would only mislead
            for spilled in unsaved.spilled ?? [] { spilled.output.remove() }
            throw error
        }
        return file
    }
}
