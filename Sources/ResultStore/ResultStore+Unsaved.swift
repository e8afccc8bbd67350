import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What became of a build that `insertBuildOrKeep` was given.
package enum BuildInsertOutcome: Sendable, Equatable {
    case stored(buildId: Int64)
    /// The insert failed (disk full, busy past the timeout, ...) and was rolled back; the build is in `file`.
    case kept(file: String, reason: String)
}

/// A build that could not be inserted, as written to JSON: the same records `NewBuild` holds.
package struct UnsavedBuild: Codable, Sendable {
    package struct Phase: Codable, Sendable {
        package var phase: PhaseRecord
        package var steps: [StepRecord]

        init(phase: PhaseRecord, steps: [StepRecord]) {
            self.phase = phase
            self.steps = steps
        }

        /// A file kept before argv, environment and line times were typed holds each as a JSON text.
        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            steps = try container.decode([StepRecord].self, forKey: .steps)
            do {
                phase = try container.decode(PhaseRecord.self, forKey: .phase)
            } catch DecodingError.typeMismatch {
                phase = try container.decode(TextColumnsPhase.self, forKey: .phase).record()
            }
        }
    }

    /// A phase as files kept before the typed columns wrote it.
    struct TextColumnsPhase: Decodable {
        var id: Int64?
        var buildId: Int64
        var ordinal: Int
        var kind: PhaseKind
        var argv: String
        var environment: String
        var wallSeconds: Double
        var exitCode: Int
        var output: String
        var lineTimes: String

        func record() throws -> PhaseRecord {
            func decode<T: Decodable>(_ text: String) throws -> T { try JSONDecoder().decode(T.self, from: Data(text.utf8)) }
            return PhaseRecord(id: id, buildId: buildId, ordinal: ordinal, kind: kind, argv: try decode(argv),
                               environment: try decode(environment), wallSeconds: wallSeconds, exitCode: exitCode,
                               output: output, lineTimes: try decode(lineTimes))
        }
    }

    package struct Layer: Codable, Sendable {
        package var phaseIndex: Int
        package var layer: LayerRecord
    }

    /// A phase's output past its row, in files next to the JSON.
    package struct Spilled: Codable, Sendable {
        package var phaseIndex: Int
        package var output: SpilledOutput
    }

    /// Why the insert failed.
    package var reason: String
    package var build: BuildRecord
    package var phases: [Phase]
    package var layers: [Layer]
    /// Absent in files kept before images and cache usage were measured.
    package var images: [InspectedImage]?
    package var cacheUsage: [CacheUsageRecord]?
    /// Absent in files kept before a phase's output could spill out of its row.
    package var spilled: [Spilled]?

    package init(_ new: NewBuild, reason: String) {
        self.reason = reason
        build = new.build
        phases = new.phases.map { Phase(phase: $0.phase, steps: $0.steps) }
        layers = new.layers.map { Layer(phaseIndex: $0.phaseIndex, layer: $0.layer) }
        images = new.images
        cacheUsage = new.cacheUsage
        spilled = new.spilled.isEmpty ? nil : new.spilled.map { Spilled(phaseIndex: $0.phaseIndex, output: $0.output) }
    }

    package var newBuild: NewBuild {
        NewBuild(build: build, phases: phases.map { ($0.phase, $0.steps) }, layers: layers.map { ($0.phaseIndex, $0.layer) },
                 images: images ?? [], cacheUsage: cacheUsage ?? [],
                 spilled: (spilled ?? []).map { ($0.phaseIndex, $0.output) })
    }

    package static func read(from url: URL) throws -> UnsavedBuild {
        try JSONDecoder().decode(UnsavedBuild.self, from: Data(contentsOf: url))
    }
}

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
