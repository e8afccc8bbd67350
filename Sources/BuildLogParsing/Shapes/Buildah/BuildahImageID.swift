/// The full image id buildah prints last. No captures.
package struct BuildahImageID: LineShape {
    package static let pattern = #"^[0-9a-f]{64}$"#
    package static let formats: Set<LogFormat> = [.buildah]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard line.count == 64, c.hex(min: 64, max: 64) != nil else { return nil }
    }
}
