import Foundation

/// Splits a byte stream into lines, keeping bytes of an unfinished line between chunks.
/// Invalid UTF-8 is repaired, never fatal; lines longer than `maxLineBytes` are cut.
struct LineSplitter {
    private var pending: [UInt8] = []
    let maxLineBytes: Int

    init(maxLineBytes: Int = 1 << 20) { self.maxLineBytes = maxLineBytes }

    mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: (String) -> Void) {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                emit(Self.decode(pending))
                pending.removeAll(keepingCapacity: true)
            } else if pending.count < maxLineBytes {
                pending.append(byte)
            }
        }
    }

    mutating func finish(emit: (String) -> Void) {
        if !pending.isEmpty { emit(Self.decode(pending)) }
        pending.removeAll()
    }

    static func decode(_ bytes: [UInt8]) -> String {
        var slice = bytes[...]
        while slice.last == UInt8(ascii: "\r") { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }
}
