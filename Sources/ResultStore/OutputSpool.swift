import Foundation

/// A phase's output as it streams in, in memory that does not grow with the log.
///
/// Lines are joined in memory exactly as the `phase.output` column stores them (`\n` between lines), with their
/// times as the `phase.lineTimes` column stores them (to the millisecond), until they reach `inlineBytes`. Every
/// later line goes to two files in `directory`: its text, preceded by the `\n` that joins it to the line before, and
/// its time as 8 bytes. The store turns those files into compressed chunks (`SpilledOutput`), so the phase's output
/// column followed by its chunks is byte for byte what one column would have held.
///
/// The runner calls `append` from its reader tasks, one line at a time; `finish` ends it.
package final class OutputSpool: @unchecked Sendable {
    /// Output kept in the phase row; a build's log is rarely longer, an ingested CI log or a chatty compiler is.
    package static let defaultInlineBytes = 1 << 20
    /// Bytes written to the spool files at a time.
    static let bufferBytes = 64 << 10

    private let lock = NSLock()
    private let directory: URL
    private let inlineBytes: Int
    private var inline = ""
    private var inlineTimes: [Double] = []
    private var lineCount = 0
    private var spill: SpillWriter?
    private var failure: (any Error)?
    private var peak = 0

    package init(directory: URL, inlineBytes: Int = OutputSpool.defaultInlineBytes) {
        self.directory = directory
        self.inlineBytes = inlineBytes
    }

    /// Bytes of output and times held in memory right now: the inline part and the write buffers.
    private var heldBytes: Int {
        inline.utf8.count + inlineTimes.count * 8 + (spill?.bufferedBytes ?? 0)
    }

    /// The most bytes `heldBytes` ever reached: bounded by `inlineBytes`, one line and the write buffers, whatever
    /// the length of the log.
    package var peakHeldBytes: Int { lock.withLock { peak } }

    /// One line of output (without its newline), `at` seconds after the command started.
    package func append(_ text: String, at: Double) {
        let time = (at * 1000).rounded() / 1000
        lock.withLock {
            defer { lineCount += 1 }
            if spill == nil, inline.utf8.count + text.utf8.count + 1 <= inlineBytes || lineCount == 0 {
                if lineCount > 0 { inline += "\n" }
                inline += text
                inlineTimes.append(time)
                peak = max(peak, heldBytes)
                return
            }
            guard failure == nil else { return }
            do {
                if spill == nil { spill = try SpillWriter(directory: directory) }
                try spill?.write(text, time: time)
            } catch {
                failure = error
            }
            peak = max(peak, heldBytes)
        }
    }

    /// The output as the store takes it. Throws when the spool files could not be written.
    package func finish() throws -> SpooledOutput {
        try lock.withLock {
            if let failure {
                spill?.discard()
                throw SpoolError.cannotWrite(directory: directory.path, reason: failure.localizedDescription)
            }
            do {
                return SpooledOutput(output: inline, lineTimes: inlineTimes, spilled: try spill?.close())
            } catch {
                spill?.discard()
                throw SpoolError.cannotWrite(directory: directory.path, reason: error.localizedDescription)
            }
        }
    }

    /// Removes the spool files of an output that will not be stored (a phase that timed out).
    package func discard() {
        lock.withLock { spill?.discard() }
    }
}

/// Writes the spilled lines of one phase through small buffers.
private struct SpillWriter {
    let textFile: URL
    let timesFile: URL
    private let text: FileHandle
    private let times: FileHandle
    private var textBuffer: [UInt8] = []
    private var timesBuffer: [UInt8] = []
    private var lines = 0
    private var bytes = 0

    init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let name = UUID().uuidString
        textFile = directory.appendingPathComponent("\(name).out")
        timesFile = directory.appendingPathComponent("\(name).times")
        text = try Self.create(textFile)
        times = try Self.create(timesFile)
    }

    private static func create(_ url: URL) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        return try FileHandle(forWritingTo: url)
    }

    var bufferedBytes: Int { textBuffer.count + timesBuffer.count }

    mutating func write(_ line: String, time: Double) throws {
        textBuffer.append(UInt8(ascii: "\n"))
        textBuffer.append(contentsOf: line.utf8)
        withUnsafeBytes(of: time.bitPattern.littleEndian) { timesBuffer.append(contentsOf: $0) }
        lines += 1
        bytes += line.utf8.count + 1
        if bufferedBytes >= OutputSpool.bufferBytes { try flush() }
    }

    private mutating func flush() throws {
        try text.write(contentsOf: textBuffer)
        try times.write(contentsOf: timesBuffer)
        textBuffer.removeAll(keepingCapacity: true)
        timesBuffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws -> SpilledOutput {
        try flush()
        try text.close()
        try times.close()
        return SpilledOutput(textFile: textFile, timesFile: timesFile, lines: lines, bytes: bytes)
    }

    func discard() {
        try? text.close()
        try? times.close()
        try? FileManager.default.removeItem(at: textFile)
        try? FileManager.default.removeItem(at: timesFile)
    }
}
