/// `latest: digest: sha256:... size: 737`. Captures: 1 tag, 2 manifest digest, 3 manifest size.
package struct PushDigest: LineShape {
    package static let pattern = #"^(\S+): digest: (sha256:[0-9a-f]{64}) size: (\d+)$"#
    package static let formats: Set<LogFormat> = [.push]
    package let tag: String
    package let digest: String
    package let size: Int
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let t = c.token(), t.count > 1, line[t.upperBound - 1] == UInt8(ascii: ":"), c.eat(" digest: ")
        else { return nil }
        let d = c.pos
        guard c.eat("sha256:"), c.hex(min: 64, max: 64) != nil else { return nil }
        let dEnd = c.pos
        guard c.eat(" size: "), let n = c.int(), c.atEnd else { return nil }
        tag = c.string(t.lowerBound..<(t.upperBound - 1)); digest = c.string(d..<dEnd); size = n
    }
}
