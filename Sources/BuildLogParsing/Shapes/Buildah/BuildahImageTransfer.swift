/// The base-image pull that buildah prints inside a FROM step. No captures.
package struct BuildahImageTransfer: LineShape {
    package static let pattern =
        #"^(?:Resolved "[^"]+" as an alias .*|Trying to pull \S+\.\.\.|Getting image source signatures|Copying (?:blob|config) .+|Writing manifest to image destination|Storing signatures)$"#
    package static let formats: Set<LogFormat> = [.buildah]
    package init?(_ line: LogLine) {
        var c = line.cursor()
        if c.eat("Resolved \"") {
            var sawQuote = false
            while let b = c.peek, b != UInt8(ascii: "\"") { sawQuote = true; c.pos += 1 }
            guard sawQuote, c.eat("\" as an alias ") else { return nil }
            return
        }
        if c.eat("Trying to pull ") {
            guard let r = c.token(), c.atEnd, r.count >= 4 else { return nil }
            var t = ByteCursor(bytes: line.bytes, pos: r.upperBound - 3)
            guard t.eat("...") else { return nil }
            return
        }
        if c.eat("Copying blob ") || c.eat("Copying config ") { guard !c.atEnd else { return nil }; return }
        guard c.eat("Getting image source signatures") || c.eat("Writing manifest to image destination")
            || c.eat("Storing signatures"), c.atEnd else { return nil }
    }
}
