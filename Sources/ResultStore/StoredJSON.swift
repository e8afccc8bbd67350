import Foundation

/// How the store writes its JSON columns (argv, environment, line times, options, engine versions): sorted keys
/// and unescaped slashes, the exact text every version has written, so old and new rows read alike.
enum StoredJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func text<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }
}
