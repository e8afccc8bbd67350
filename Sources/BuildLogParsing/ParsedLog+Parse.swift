import Foundation

extension ParsedLog {
    /// Parses a whole file, streaming it in 64 KiB chunks (the file is never loaded at once).
    /// Throws a `LogFileError` only when the file cannot be opened or read.
    public static func parse(contentsOf url: URL, format: LogFormat? = nil) throws(LogFileError) -> ParsedLog {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .notFound(path: path)
        }
        if isDirectory.boolValue { throw .isDirectory(path: path) }
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw .unreadable(path: path, reason: FileManager.default.isReadableFile(atPath: path)
                ? String(describing: error) : "permission denied")
        }
        defer { try? handle.close() }
        var parser = StreamingLogParser(format: format)
        do {
            while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
                parser.consume(bytes: chunk, at: nil)
            }
        } catch {
            throw .unreadable(path: path, reason: String(describing: error))
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
