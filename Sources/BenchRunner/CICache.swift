import BuildEngine
import Foundation
import ResultStore

/// `type=local`'s cache directory as a CI cache (actions/cache, GitLab `cache:`) carries it along a chain:
/// `store` is the archive the CI system's cache service keeps from build to build; `runnerDirectory` is the fresh
/// runner's directory, restored from it before the build and saved back after it. As actions/cache does, a save
/// archives the directory with tar and uploads the archive, and a restore downloads it and extracts it; both cross
/// the run's network profile (`CacheServiceLink`). All of it sits beside the context copy, never inside it.
struct CICache: Sendable {
    let root: URL

    var store: URL { root.appendingPathComponent("ci-cache-store.tar") }
    var runnerDirectory: URL { root.appendingPathComponent("ci-cache-runner") }
    /// The runner's copy of the archive while it is made or extracted; removed after each transfer.
    var runnerArchive: URL { root.appendingPathComponent("ci-cache-runner.tar") }

    /// A fresh runner starts without the directory.
    func clearRunner() throws {
        if FileManager.default.fileExists(atPath: runnerDirectory.path) {
            try FileManager.default.removeItem(at: runnerDirectory)
        }
    }

    /// Restores (download, then `tar -x`) or saves (`tar -c`, then upload) across `link`, timed as one phase whose
    /// output says how many archive bytes crossed the link; the layer row holds the directory's bytes.
    /// Nothing to move (a cold chain's restore) is a phase of 0 bytes that succeeds.
    func transfer(_ kind: PhaseKind, ordinal: Int, runner: any ProcessRunner,
                  link: CacheServiceLink = CacheServiceLink(profile: nil)) async throws -> (PhaseRecord, LayerRecord?) {
        let source = kind == .restore ? store : runnerDirectory
        guard FileManager.default.fileExists(atPath: source.path) else {
            let note = kind == .restore ? "no CI cache yet: \(store.path) does not exist" : "nothing to save: \(source.path) does not exist"
            return (PhaseRecord(ordinal: ordinal, kind: kind, argv: [], wallSeconds: 0, exitCode: 0, output: note), nil)
        }
        defer { try? FileManager.default.removeItem(at: runnerArchive) }
        let clock = ContinuousClock()
        let started = clock.now
        let tar = kind == .restore ? Command("tar", ["-xf", runnerArchive.path, "-C", runnerDirectory.path])
            : Command("tar", ["-cf", runnerArchive.path, "-C", runnerDirectory.path, "."])
        var moved: CacheServiceLink.Transfer?
        var result: CommandResult?
        var failure: String?
        do {
            if kind == .restore {
                moved = try await link.download(store.path, to: runnerArchive.path)
                try clearRunner()
                try FileManager.default.createDirectory(at: runnerDirectory, withIntermediateDirectories: true)
                result = try await runner.run(tar)
            } else {
                result = try await runner.run(tar)
                if result?.succeeded == true { moved = try await link.upload(runnerArchive.path, to: store.path) }
            }
        } catch let error as CacheServiceError {
            failure = error.localizedDescription
        }
        let seconds = SubprocessRunner.seconds(clock.now - started)
        let direction = kind == .restore ? "downloaded" : "uploaded"
        let note = moved.map { String(format: "%@ %lld bytes of archive across %@ in %.2f s", direction, $0.bytes, link.summary, $0.seconds) }
        let output = ([note, failure].compactMap { $0 } + (result?.lines.map(\.text) ?? [])).joined(separator: "\n")
        let succeeded = failure == nil && result?.succeeded == true
        let phase = PhaseRecord(ordinal: ordinal, kind: kind, argv: tar.argv, wallSeconds: seconds,
                                exitCode: succeeded ? 0 : max(1, Int(result?.exitCode ?? 1)), output: output)
        let layer = LayerRecord(ordinal: 0, layerId: "ci-cache", action: kind == .restore ? .restored : .saved,
                                bytes: Self.bytes(under: runnerDirectory))
        return (phase, succeeded ? layer : nil)
    }

    /// The regular files in a tar archive and their total size, read from its 512-byte headers (ustar and GNU:
    /// type `0`, NUL or `7`; other entries, such as GNU long names, are skipped with their data); nil when the
    /// archive does not exist or is cut short.
    static func files(inArchive archive: URL) -> (count: Int, bytes: Int64)? {
        guard let file = try? FileHandle(forReadingFrom: archive) else { return nil }
        defer { try? file.close() }
        var count = 0
        var bytes: Int64 = 0
        var offset: UInt64 = 0
        while true {
            guard (try? file.seek(toOffset: offset)) != nil, let header = try? file.read(upToCount: 512), header.count == 512
            else { return nil }
            let block = [UInt8](header)
            if block.allSatisfy({ $0 == 0 }) { return (count, bytes) }
            guard let size = tarSize(block[124..<136]) else { return nil }
            if [UInt8(ascii: "0"), 0, UInt8(ascii: "7")].contains(block[156]) {
                count += 1
                bytes += size
            }
            offset += 512 + UInt64((size + 511) / 512 * 512)
        }
    }

    /// A tar header's size field: octal digits (NUL- or space-terminated), or base-256 when its first bit is set.
    static func tarSize(_ field: ArraySlice<UInt8>) -> Int64? {
        guard let first = field.first else { return nil }
        if first & 0x80 != 0 {
            return field.dropFirst().reduce(Int64(first & 0x7f)) { $0 << 8 | Int64($1) }
        }
        let digits = field.drop { $0 == UInt8(ascii: " ") }.prefix { $0 != 0 && $0 != UInt8(ascii: " ") }
        return digits.isEmpty ? 0 : Int64(String(decoding: digits, as: UTF8.self), radix: 8)
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
