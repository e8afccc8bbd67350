import Foundation

/// The lines of a phase's output past what its row holds, in two files that `OutputSpool` wrote: the text, each line
/// preceded by `\n`, and each line's time as 8 bytes. The store writes them as compressed chunks of the phase,
/// each chunk with the times of the lines that start in it.
package struct SpilledOutput: Sendable, Equatable, Codable {
    package var textFile: URL
    package var timesFile: URL
    package var lines: Int
    package var bytes: Int

    package init(textFile: URL, timesFile: URL, lines: Int, bytes: Int) {
        self.textFile = textFile
        self.timesFile = timesFile
        self.lines = lines
        self.bytes = bytes
    }

    /// Uncompressed size of each stored chunk.
    static let chunkBytes = 1 << 20

    /// Reads the files a chunk at a time: the text, and one time per `\n` in it.
    func reader() throws -> Reader { try Reader(self) }

    /// Deletes the files (once stored, or when the build is dropped).
    package func remove() {
        try? FileManager.default.removeItem(at: textFile)
        try? FileManager.default.removeItem(at: timesFile)
    }

    /// The same output in other files: copied there, so that a build kept as JSON keeps all of its output.
    func copied(to directory: URL, name: String) throws -> SpilledOutput {
        var copy = self
        copy.textFile = directory.appendingPathComponent("\(name).out")
        copy.timesFile = directory.appendingPathComponent("\(name).times")
        try FileManager.default.copyItem(at: textFile, to: copy.textFile)
        try FileManager.default.copyItem(at: timesFile, to: copy.timesFile)
        return copy
    }

    final class Reader {
        private let text: FileHandle
        private let times: FileHandle

        init(_ spilled: SpilledOutput) throws {
            text = try FileHandle(forReadingFrom: spilled.textFile)
            times = try FileHandle(forReadingFrom: spilled.timesFile)
        }

        deinit {
            try? text.close()
            try? times.close()
        }

        /// The next chunk of text and the times of the lines that start in it; nil at the end.
        func next() throws -> (text: Data, times: [Double])? {
            guard let piece = try text.read(upToCount: SpilledOutput.chunkBytes), !piece.isEmpty else { return nil }
            let starts = piece.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            let raw = starts == 0 ? Data() : try times.read(upToCount: starts * 8) ?? Data()
            let stamps = stride(from: 0, to: raw.count - raw.count % 8, by: 8).map { offset in
                Double(bitPattern: UInt64(littleEndian: raw[raw.startIndex + offset ..< raw.startIndex + offset + 8]
                    .withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
            }
            return (piece, stamps)
        }
    }
}
