import Foundation

/// One source that apt reads, from a one-line `sources.list` entry or a deb822 `.sources` stanza.
package struct AptSource: Sendable, Equatable {
    /// `deb` or `deb-src`.
    package var types: [String]
    package var uris: [String]
    package var suites: [String]
    package var components: [String]
    /// False for a deb822 stanza with `Enabled: no`.
    package var enabled: Bool

    package init(types: [String], uris: [String], suites: [String], components: [String], enabled: Bool = true) {
        self.types = types; self.uris = uris; self.suites = suites; self.components = components; self.enabled = enabled
    }
}
