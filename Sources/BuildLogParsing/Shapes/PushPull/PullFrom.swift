/// `latest: Pulling from perstage/hello`. Captures: 1 tag, 2 repository.
package struct PullFrom: LineShape {
    package static let pattern = #"^(\S+): Pulling from (\S+)$"#
    package static let formats: Set<LogFormat> = [.pull, .legacy]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard let t = c.token(), t.count > 1, line[t.upperBound - 1] == UInt8(ascii: ":"),
              c.eat(" Pulling from "), c.token() != nil, c.atEnd else { return nil }
    }
}
