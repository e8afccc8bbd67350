/// Docker's human-readable sizes (`0B`, `895B`, `6.5kB`, `93.3MB`, `1.2GB`, from go-units
/// `HumanSize`): SI units, powers of 1000. Binary units (`KiB`, `MiB`, ...) are accepted too.
package enum HumanSize {
    /// Bytes for `text`, or nil if it is not a size. Rounded to the nearest byte.
    package static func bytes(_ text: some StringProtocol) -> Int64? {
        let s = text.trimmingWhitespace()
        var numberEnd = s.startIndex
        while numberEnd < s.endIndex, s[numberEnd].isASCII, s[numberEnd].isNumber || s[numberEnd] == "." {
            numberEnd = s.index(after: numberEnd)
        }
        guard numberEnd > s.startIndex, let value = Double(s[s.startIndex..<numberEnd]) else { return nil }
        let unit = s[numberEnd...].trimmingWhitespace().lowercased()
        let multiplier: Double
        switch unit {
        case "b", "": multiplier = 1
        case "kb", "k": multiplier = 1e3
        case "mb", "m": multiplier = 1e6
        case "gb", "g": multiplier = 1e9
        case "tb", "t": multiplier = 1e12
        case "pb", "p": multiplier = 1e15
        case "kib": multiplier = 1024
        case "mib": multiplier = 1_048_576
        case "gib": multiplier = 1_073_741_824
        case "tib": multiplier = 1_099_511_627_776
        default: return nil
        }
        let bytes = (value * multiplier).rounded()
        guard bytes.isFinite, bytes < 9e18 else { return nil }
        return Int64(bytes)
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> Substring {
        let sub = self[...]
        guard let first = sub.firstIndex(where: { !$0.isWhitespace }) else { return Substring() }
        let last = sub.lastIndex(where: { !$0.isWhitespace })!
        return Substring(sub[first...last])
    }
}

/// RFC 3339 timestamps as BuildKit's Go encoder writes them (`2026-11-29T11:21:47.123456789Z`,
/// `...+01:00`), to seconds since 1970. Hand-written: Foundation's ISO 8601 parsers drop nanoseconds.
package enum RFC3339 {
    package static func seconds(_ text: String) -> Double? {
        let b = Array(text.utf8)
        var i = 0
        func num(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let d = b[i + k] &- 48
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            i += n
            return v
        }
        func lit(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = num(4), lit(45), let mo = num(2), lit(45), let d = num(2),
              lit(84) || lit(116) || lit(32), let h = num(2), lit(58), let mi = num(2), lit(58), let s = num(2),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
        else { return nil }
        var frac = 0.0
        if lit(46) {
            var scale = 0.1
            let start = i
            while i < b.count, b[i] &- 48 < 10 { frac += Double(b[i] &- 48) * scale; scale /= 10; i += 1 }
            guard i > start else { return nil }
        }
        var offset = 0
        if lit(90) || lit(122) {
        } else if i < b.count, b[i] == 43 || b[i] == 45 {
            let sign = b[i] == 43 ? 1 : -1
            i += 1
            guard let oh = num(2), lit(58), let om = num(2) else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else { return nil }
        guard i == b.count else { return nil }
        // days from civil (Howard Hinnant)
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = (mo + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return Double(days * 86400 + h * 3600 + mi * 60 + s - offset) + frac
    }
}
