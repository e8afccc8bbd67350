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
