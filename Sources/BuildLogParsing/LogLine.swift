/// One cleaned log line as bytes: no trailing `\r`/`\n`, ANSI escape sequences removed, and only the
/// text after the last embedded `\r` (what a terminal would finally show), except on BuildKit `#N`
/// lines, whose embedded `\r`s belong to the quoted container output.
///
/// It borrows the caller's buffer, so shapes must copy what they keep before the callback returns.
package struct LogLine {
    package let bytes: UnsafeBufferPointer<UInt8>

    package init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    package var count: Int { bytes.count }
    package var isEmpty: Bool { bytes.isEmpty }

    package subscript(_ i: Int) -> UInt8 { bytes[i] }

    /// The whole line as a String (invalid UTF-8 repaired).
    package var string: String { String(decoding: bytes, as: UTF8.self) }

    package func string(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
    }

    package func cursor() -> ByteCursor { ByteCursor(bytes: bytes, pos: 0) }

    /// Runs `body` on a cleaned view of `text` (for tests and small inputs).
    package static func with<R>(_ text: String, _ body: (LogLine) -> R) -> R {
        var scratch: [UInt8] = []
        let raw = Array(text.utf8)
        return raw.withUnsafeBufferPointer { buf in
            LineCleaner.clean(buf, scratch: &scratch) { body($0) }
        }
    }
}
