#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

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
