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
