/// `Digest: sha256:...` after a pull. Capture 1: manifest digest.
package struct PullDigest: LineShape {
    package static let pattern = #"^Digest: (sha256:[0-9a-f]{64})$"#
    package static let formats: Set<LogFormat> = [.pull, .legacy]
    package let digest: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("Digest: ") else { return nil }
        let d = c.pos
        guard c.eat("sha256:"), c.hex(min: 64, max: 64) != nil, c.atEnd else { return nil }
        digest = c.string(d..<c.pos)
    }
}
