import Foundation

extension ParsedLog {
    /// Parses a whole file, streaming it in 64 KiB chunks (the file is never loaded at once).
    /// Throws only when the file cannot be opened or read.
    public static func parse(contentsOf url: URL, format: LogFormat? = nil) throws -> ParsedLog {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var parser = StreamingLogParser(format: format)
        while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            parser.consume(bytes: chunk, at: nil)
        }
        return parser.finish(at: nil)
    }

    /// Parses a log held in memory.
    public static func parse(text: String, format: LogFormat? = nil) -> ParsedLog {
        var parser = StreamingLogParser(format: format)
        parser.consume(bytes: text.utf8, at: nil)
        return parser.finish(at: nil)
    }
}
