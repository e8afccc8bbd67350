/// The image reference `docker pull` prints last: `127.0.0.1:5000/perstage/hello:latest`.
/// Only tried for pull logs. Capture 1: the reference.
package struct PullImageRef: LineShape {
    package static let pattern = #"^(?=[^:/]*[:/])([a-z0-9][A-Za-z0-9._/:@-]*)$"#
    package static let formats: Set<LogFormat> = [.pull]
    package init?(_ line: LogLine) {
        guard let first = line.bytes.first, (first &- 97) < 26 || (first &- 48) < 10 else { return nil }
        var sep = false
        for b in line.bytes {
            switch b {
            case UInt8(ascii: ":"), UInt8(ascii: "/"): sep = true
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "@"), UInt8(ascii: "-"): break
            default: return nil
            }
        }
        if !sep { return nil }
    }
}
