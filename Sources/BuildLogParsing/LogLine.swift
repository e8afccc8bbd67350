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

/// Strips line endings, ANSI sequences and carriage-return overwrites.
package enum LineCleaner {
    /// Calls `body` with the cleaned line. `scratch` is reused across calls to avoid allocations.
    @inline(__always)
    package static func clean<R>(
        _ raw: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8], _ body: (LogLine) -> R
    ) -> R {
        var end = raw.count
        while end > 0, raw[end - 1] == 0x0D || raw[end - 1] == 0x0A { end -= 1 }
        var view = UnsafeBufferPointer(rebasing: raw[0..<end])
        // Fast path: no ESC and no CR.
        var hasEsc = false, lastCR = -1
        if let base = view.baseAddress, view.count > 0 {
            hasEsc = memchr(base, 0x1B, view.count) != nil
            if memchr(base, 0x0D, view.count) != nil {
                var i = view.count - 1
                while view[i] != 0x0D { i -= 1 }
                lastCR = i
            }
        }
        if !hasEsc {
            if lastCR >= 0 { view = afterCarriageReturns(view, lastCR: lastCR) }
            return body(LogLine(view))
        }
        scratch.removeAll(keepingCapacity: true)
        stripANSI(view, into: &scratch)
        // After stripping, keep what follows the last CR (terminal overwrite semantics).
        return scratch.withUnsafeBufferPointer { buf in
            if let cr = buf.lastIndex(of: 0x0D) { return body(LogLine(afterCarriageReturns(buf, lastCR: cr))) }
            return body(LogLine(buf))
        }
    }

    /// Terminal overwrite semantics: the text after the last `\r`. BuildKit lines are the exception:
    /// when the line (after leading `\r`s) starts with `#`, the CRs after it are the container's own
    /// output quoted by BuildKit, so the whole line is kept.
    @inline(__always)
    static func afterCarriageReturns(_ view: UnsafeBufferPointer<UInt8>, lastCR: Int) -> UnsafeBufferPointer<UInt8> {
        var p = 0
        while p < view.count, view[p] == 0x0D { p += 1 }
        if p < view.count, view[p] == UInt8(ascii: "#") { return UnsafeBufferPointer(rebasing: view[p...]) }
        return UnsafeBufferPointer(rebasing: view[(lastCR + 1)...])
    }

    /// Removes CSI (`ESC [ ... final`), OSC (`ESC ] ... BEL|ESC \`) and two-byte escapes.
    package static func stripANSI(_ src: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var i = 0
        let n = src.count
        out.reserveCapacity(n)
        while i < n {
            let b = src[i]
            if b != 0x1B { out.append(b); i += 1; continue }
            i += 1
            guard i < n else { break }
            let kind = src[i]
            i += 1
            if kind == UInt8(ascii: "[") {
                // parameters and intermediates, then one final byte in 0x40...0x7E
                while i < n, !(0x40...0x7E).contains(src[i]) { i += 1 }
                i += 1
            } else if kind == UInt8(ascii: "]") {
                while i < n {
                    if src[i] == 0x07 { i += 1; break }
                    if src[i] == 0x1B, i + 1 < n, src[i + 1] == UInt8(ascii: "\\") { i += 2; break }
                    i += 1
                }
            } else if kind == UInt8(ascii: "(") || kind == UInt8(ascii: ")") {
                i += 1  // charset designation: one more byte
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif
