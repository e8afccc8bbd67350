import Foundation

/// Reads the machine's apt sources to find the Debian mirror it is configured with.
package enum AptSources {
    /// Debian's release names and aliases; a source offering one of them is a Debian mirror.
    static let debianSuites: Set<String> = [
        "buster", "bullseye", "bookworm", "trixie", "forky", "sid",
        "oldoldstable", "oldstable", "stable", "testing", "unstable",
    ]

    /// The first enabled `deb` source with http(s) URIs that offers a Debian release (not -security, not
    /// -updates), with a trailing slash removed; nil when there is none.
    package static func debianMirror(in sources: [AptSource]) -> String? {
        for source in sources where source.enabled && source.types.contains("deb") {
            guard source.suites.contains(where: debianSuites.contains) else { continue }
            if let uri = source.uris.first(where: { $0.hasPrefix("http://") || $0.hasPrefix("https://") }) {
                return uri.hasSuffix("/") ? String(uri.dropLast()) : uri
            }
        }
        return nil
    }

    /// The Debian mirror named in `DIR/sources.list` and `DIR/sources.list.d/*.list|*.sources`, read in apt's order.
    package static func systemMirror(etcDirectory: String = "/etc/apt") -> String? {
        debianMirror(in: files(etcDirectory: etcDirectory).flatMap { file -> [AptSource] in
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return [] }
            return file.hasSuffix(".sources") ? parseDeb822(text) : parseOneLine(text)
        })
    }

    static func files(etcDirectory: String) -> [String] {
        let parts = (try? FileManager.default.contentsOfDirectory(atPath: "\(etcDirectory)/sources.list.d")) ?? []
        return ["\(etcDirectory)/sources.list"] + parts.sorted()
            .filter { $0.hasSuffix(".list") || $0.hasSuffix(".sources") }
            .map { "\(etcDirectory)/sources.list.d/\($0)" }
    }

    /// `deb [options] URI SUITE COMPONENT...` lines; comments and `deb-src` lines are kept as apt reads them.
    package static func parseOneLine(_ text: String) -> [AptSource] {
        text.split(separator: "\n").compactMap { raw -> AptSource? in
            var line = raw.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
            guard let type = line.split(separator: " ").first.map(String.init), type == "deb" || type == "deb-src" else {
                return nil
            }
            line = String(line.dropFirst(type.count)).trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
                line = String(line[line.index(after: close)...])
            }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard words.count >= 2 else { return nil }
            return AptSource(types: [type], uris: [words[0]], suites: [words[1]], components: Array(words.dropFirst(2)))
        }
    }

    /// deb822 stanzas separated by blank lines; field names are case-insensitive, `#` lines are comments.
    package static func parseDeb822(_ text: String) -> [AptSource] {
        var sources: [AptSource] = []
        var fields: [String: String] = [:]
        func flush() {
            defer { fields = [:] }
            guard let types = fields["types"], let uris = fields["uris"], let suites = fields["suites"] else { return }
            let words = { (value: String?) in (value ?? "").split(whereSeparator: \.isWhitespace).map(String.init) }
            sources.append(AptSource(types: words(types), uris: words(uris), suites: words(suites),
                                     components: words(fields["components"]),
                                     enabled: fields["enabled"].map { $0.lowercased() != "no" } ?? true))
        }
        var lastKey: String?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("#") { continue }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { flush(); lastKey = nil; continue }
            if line.first == " " || line.first == "\t", let key = lastKey {
                fields[key, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                fields[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                lastKey = key
            }
        }
        flush()
        return sources
    }
}
