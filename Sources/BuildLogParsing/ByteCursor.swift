/// A forward-only matcher over bytes. Every method returns false/nil without consuming on mismatch,
/// except where documented.
package struct ByteCursor {
    package let bytes: UnsafeBufferPointer<UInt8>
    package var pos: Int

    package var atEnd: Bool { pos >= bytes.count }
    package var remaining: Int { bytes.count - pos }
    package var peek: UInt8? { pos < bytes.count ? bytes[pos] : nil }

    /// Consumes `literal` if the bytes at the cursor equal it.
    @inline(__always)
    package mutating func eat(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard remaining >= n else { return false }
        let p = literal.utf8Start
        for i in 0..<n where bytes[pos + i] != p[i] { return false }
        pos += n
        return true
    }

    @inline(__always)
    package mutating func eat(byte: UInt8) -> Bool {
        guard pos < bytes.count, bytes[pos] == byte else { return false }
        pos += 1
        return true
    }

    /// True if the bytes at the cursor equal `literal` (does not consume).
    package func looksAt(_ literal: StaticString) -> Bool {
        var c = self
        return c.eat(literal)
    }

    /// A non-negative decimal integer (at most 18 digits).
    @inline(__always)
    package mutating func int() -> Int? {
        var v = 0
        let start = pos
        while pos < bytes.count, bytes[pos] &- 48 < 10, pos - start < 18 {
            v = v * 10 + Int(bytes[pos] &- 48)
            pos += 1
        }
        if pos == start { return nil }
        if pos < bytes.count, bytes[pos] &- 48 < 10 { pos = start; return nil }
        return v
    }

    /// `digits.digits` (fraction required when `requireFraction`), as Double.
    package mutating func decimal(requireFraction: Bool) -> Double? {
        let start = pos
        guard let whole = int() else { return nil }
        guard eat(byte: UInt8(ascii: ".")) else {
            if requireFraction { pos = start; return nil }
            return Double(whole)
        }
        // Digits as one integer, then one division: the correctly rounded value (`0.3`, not 0.30000000000000004).
        var mantissa = whole, scale = 1.0, digits = 0
        let fstart = pos
        while pos < bytes.count, bytes[pos] &- 48 < 10 {
            if digits < 15, mantissa < 100_000_000_000_000 {
                mantissa = mantissa * 10 + Int(bytes[pos] &- 48)
                scale *= 10
                digits += 1
            }
            pos += 1
        }
        if pos == fstart { pos = start; return nil }
        return Double(mantissa) / scale
    }

    /// Consumes at least `min` lowercase hex digits (up to `max`); returns the count.
    package mutating func hex(min: Int, max: Int = Int.max) -> Int? {
        let start = pos
        while pos < bytes.count, pos - start < max, isHex(bytes[pos]) { pos += 1 }
        if pos - start < min { pos = start; return nil }
        return pos - start
    }

    /// Consumes bytes up to (not including) the first space or end; returns the range length.
    package mutating func token() -> Range<Int>? {
        let start = pos
        while pos < bytes.count, bytes[pos] != 0x20, bytes[pos] != 0x09 { pos += 1 }
        return pos > start ? start..<pos : nil
    }

    package mutating func spaces() -> Int {
        let start = pos
        while pos < bytes.count, bytes[pos] == 0x20 { pos += 1 }
        return pos - start
    }

    package func string(_ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
    }

    package func rest() -> String { string(pos..<bytes.count) }

    /// True if the remaining bytes end with `suffix`.
    package func endsWith(_ suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        guard remaining >= n else { return false }
        let p = suffix.utf8Start
        let base = bytes.count - n
        for i in 0..<n where bytes[base + i] != p[i] { return false }
        return true
    }

    /// True if the remaining bytes contain `needle`.
    package func contains(_ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard n > 0, remaining >= n else { return n == 0 }
        let p = needle.utf8Start
        var i = pos
        while i + n <= bytes.count {
            if bytes[i] == p[0] {
                var ok = true
                for j in 1..<n where bytes[i + j] != p[j] { ok = false; break }
                if ok { return true }
            }
            i += 1
        }
        return false
    }
}

@inline(__always)
package func isHex(_ b: UInt8) -> Bool { (b &- 48) < 10 || (b &- 97) < 6 }
