/// `--> Pushing cache REF` (`--cache-to`) and `--> Cache pulled from remote REF` (`--cache-from`).
/// Capture 1: the cache reference.
package struct BuildahCacheTransfer: LineShape {
    package static let pattern = #"^--> (?:Pushing cache|Cache pulled from remote) (\S+)$"#
    package static let formats: Set<LogFormat> = [.buildah]
    package let reference: String
    package init?(_ line: LogLine) {
        var c = line.cursor()
        guard c.eat("--> Pushing cache ") || c.eat("--> Cache pulled from remote "), let r = c.token(), c.atEnd
        else { return nil }
        reference = c.string(r)
    }
}
