/// `[2/2] COMMIT 127.0.0.1:5000/bh/hello:latest` (or `COMMIT` alone).
/// Captures: 1 stage number, 2 stage count, 3 reference.
package struct BuildahCommit: LineShape {
    package static let pattern = #"^(?:\[(\d+)/(\d+)\] )?COMMIT(?: (\S+))?$"#
    package static let formats: Set<LogFormat> = [.buildah]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.buildahStagePrefix() != nil, c.eat("COMMIT") else { return nil }
        if c.atEnd { return }
        guard c.eat(byte: 0x20), c.token() != nil, c.atEnd else { return nil }
    }
}
