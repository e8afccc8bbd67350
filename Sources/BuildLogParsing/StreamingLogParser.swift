/// Parses any engine log line by line, in constant memory.
///
/// Feed it lines (`consume(_:at:)`) or raw bytes (`consume(bytes:at:)`), then call `finish(at:)`.
/// It never throws: lines no shape recognises are counted in `ParsedLog.unmatchedLines`.
/// Legacy and buildah step durations come from the `at` timestamps the caller records.
public struct StreamingLogParser: Sendable {
    private let explicitFormat: LogFormat?
    private var format: LogFormat?
    private var weakGuess: LogFormat?
    /// Lines held back while the format is undecided (at most `FormatDetector.window`).
    private var pending: [(bytes: [UInt8], at: Double?)] = []
    /// The unfinished last line of byte input.
    private var carry: [UInt8] = []
    private var carryOverflow = false
    /// Reused buffer for ANSI stripping.
    private var scratch: [UInt8] = []
    private var state = ParseState()

    /// Longest line kept; longer lines are truncated (their head is still matched).
    static let maxLineBytes = 1 << 20

    /// format nil = detect from the first recognisable lines (buffering at most a few lines until decided).
    public init(format: LogFormat? = nil) {
        explicitFormat = format
        self.format = format
    }

    /// Feed one line (without its newline; a trailing `\r`, ANSI escapes, anything is fine).
    /// `at` = seconds since the command started, recorded while streaming.
    public mutating func consume(_ line: Substring, at: Double?) {
        flushCarry(at: at)
        var line = line
        line.withUTF8 { buf in
            // A caller may hand over text with embedded newlines: treat each as its own line.
            var start = 0
            for i in 0..<buf.count where buf[i] == 0x0A {
                handleRaw(UnsafeBufferPointer(rebasing: buf[start..<i]), at: at)
                start = i + 1
            }
            if start == 0 || start < buf.count {
                handleRaw(UnsafeBufferPointer(rebasing: buf[start..<buf.count]), at: at)
            }
        }
    }

    /// Feed raw bytes, split at `\n`; a trailing partial line waits for the next call or `finish`.
    /// Invalid UTF-8 is tolerated.
    public mutating func consume(bytes: some Collection<UInt8>, at: Double?) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { consumeChunk($0, at: at) }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBufferPointer { consumeChunk($0, at: at) }
        }
    }

    /// End of stream; `at` closes the last timed step.
    public mutating func finish(at: Double?) -> ParsedLog {
        flushCarry(at: at)
        if format == nil { decide(weakGuess ?? .buildkitPlain) }
        return state.finish(format: format ?? .buildkitPlain, at: at)
    }

    // MARK: - bytes to lines

    private mutating func consumeChunk(_ buf: UnsafeBufferPointer<UInt8>, at: Double?) {
        guard let base = buf.baseAddress, !buf.isEmpty else { return }
        var start = 0
        while start < buf.count {
            guard let nl = memchr(base + start, 0x0A, buf.count - start) else { break }
            let end = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
            let piece = UnsafeBufferPointer(rebasing: buf[start..<end])
            if carry.isEmpty && !carryOverflow {
                handleRaw(piece, at: at)
            } else {
                appendCarry(piece)
                let line = carry
                carry.removeAll(keepingCapacity: true)
                carryOverflow = false
                line.withUnsafeBufferPointer { handleRaw($0, at: at) }
            }
            start = end + 1
        }
        if start < buf.count { appendCarry(UnsafeBufferPointer(rebasing: buf[start...])) }
    }

    private mutating func appendCarry(_ piece: UnsafeBufferPointer<UInt8>) {
        let room = Self.maxLineBytes - carry.count
        if piece.count > room {
            carry.append(contentsOf: UnsafeBufferPointer(rebasing: piece[0..<max(room, 0)]))
            carryOverflow = true
        } else {
            carry.append(contentsOf: piece)
        }
    }

    private mutating func flushCarry(at: Double?) {
        guard !carry.isEmpty || carryOverflow else { return }
        let line = carry
        carry.removeAll(keepingCapacity: true)
        carryOverflow = false
        line.withUnsafeBufferPointer { handleRaw($0, at: at) }
    }

    // MARK: - detection and dispatch

    private mutating func handleRaw(_ raw: UnsafeBufferPointer<UInt8>, at: Double?) {
        let raw = raw.count > Self.maxLineBytes ? UnsafeBufferPointer(rebasing: raw[0..<Self.maxLineBytes]) : raw
        if let format {
            if explicitFormat == nil, format == .pull {
                // Decided on pull lines alone; a legacy build line later proves it was a build.
                var buf = takeScratch()
                let upgrade = LineCleaner.clean(raw, scratch: &buf) { FormatDetector.evidence($0) }
                scratch = buf
                if upgrade == .strong(.legacy) { self.format = .legacy; state.digest = nil }
            }
            dispatch(raw, format: self.format ?? format, at: at)
            return
        }
        var buf = takeScratch()
        let evidence = LineCleaner.clean(raw, scratch: &buf) { FormatDetector.evidence($0) }
        scratch = buf
        pending.append((Array(raw), at))
        switch evidence {
        case .strong(let f):
            decide(f)
        case .weak(let f):
            weakGuess = weakGuess ?? f
            if pending.count >= FormatDetector.window { decide(weakGuess ?? f) }
        case nil:
            if pending.count >= FormatDetector.window { decide(weakGuess ?? .buildkitPlain) }
        }
    }

    private mutating func decide(_ f: LogFormat) {
        format = f
        let lines = pending
        pending = []
        for (bytes, at) in lines {
            bytes.withUnsafeBufferPointer { dispatch($0, format: f, at: at) }
        }
    }

    @inline(__always)
    private mutating func takeScratch() -> [UInt8] {
        var buf: [UInt8] = []
        swap(&buf, &scratch)
        return buf
    }

    @inline(__always)
    private mutating func dispatch(_ raw: UnsafeBufferPointer<UInt8>, format: LogFormat, at: Double?) {
        var buf = takeScratch()
        LineCleaner.clean(raw, scratch: &buf) { state.handle($0, format: format, at: at) }
        scratch = buf
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif
