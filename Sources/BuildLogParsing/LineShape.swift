/// One kind of log line. Every conforming type documents its captures next to its `pattern`.
///
/// `pattern` is the documentation and the test oracle: a whole-line regular expression (Swift
/// `Regex` syntax) that accepts exactly the lines `init?` accepts. Parsing itself never uses it:
/// the initialisers match bytes by hand, because regex engines are far too slow for 100 MB logs.
package protocol LineShape: Sendable {
    /// Whole-line regular expression equivalent to `init?`, kept in a raw string.
    static var pattern: String { get }
    /// Formats whose parser tries this shape.
    static var formats: Set<LogFormat> { get }
    /// nil when the line is not of this shape.
    init?(_ line: LogLine)
}

package let allFormats = Set(LogFormat.allCases)
package let buildFormats: Set<LogFormat> = [.legacy, .buildah]
