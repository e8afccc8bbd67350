/// An empty line (after stripping `\r` and ANSI sequences). No captures.
package struct BlankLine: LineShape {
    package static let pattern = #"^$"#
    package static let formats = allFormats
    package init?(_ line: LogLine) { if !line.isEmpty { return nil } }
}
