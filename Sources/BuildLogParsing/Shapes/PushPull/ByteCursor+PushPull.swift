// `docker push` and `docker pull` line shapes. The pull shapes also run inside legacy builds,
// whose FROM step pulls the base image.

extension ByteCursor {
    /// Parses `ID: ` where ID is a 12-digit short layer id; returns the id's range.
    @inline(__always)
    mutating func layerPrefix() -> Range<Int>? {
        let start = pos
        guard hex(min: 12, max: 12) != nil, eat(": ") else { pos = start; return nil }
        return start..<(start + 12)
    }

    /// Parses the total of a progress bar tail: `[===>   ]  27.3MB/93.29MB` → 93290000.
    func progressTotal() -> Int64? {
        var p = bytes.count
        while p > pos, bytes[p - 1] != UInt8(ascii: "/") { p -= 1 }
        guard p > pos else { return nil }
        return HumanSize.bytes(String(decoding: UnsafeBufferPointer(rebasing: bytes[p...]), as: UTF8.self))
    }
}
