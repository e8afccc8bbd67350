import CZlib
import Foundation

/// One-shot zlib compression of a chunk (each chunk stands alone, so any one can be read back by itself).
enum Deflate {
    struct Failure: Error, LocalizedError {
        var code: Int32
        var errorDescription: String? { "zlib error \(code): the stored raw output is damaged" }
    }

    static func compress(_ data: Data) throws -> Data {
        var bound = compressBound(uLong(data.count))
        var out = Data(count: Int(bound))
        let code = out.withUnsafeMutableBytes { dst in
            data.withUnsafeBytes { src in
                compress2(dst.bindMemory(to: Bytef.self).baseAddress, &bound, src.bindMemory(to: Bytef.self).baseAddress,
                          uLong(src.count), 6)
            }
        }
        guard code == Z_OK else { throw Failure(code: code) }
        out.count = Int(bound)
        return out
    }

    static func decompress(_ data: Data, rawBytes: Int) throws -> Data {
        var size = uLong(rawBytes)
        var out = Data(count: rawBytes)
        let code = out.withUnsafeMutableBytes { dst in
            data.withUnsafeBytes { src in
                uncompress(dst.bindMemory(to: Bytef.self).baseAddress, &size, src.bindMemory(to: Bytef.self).baseAddress,
                           uLong(src.count))
            }
        }
        guard code == Z_OK, Int(size) == rawBytes else { throw Failure(code: code) }
        return out
    }
}
