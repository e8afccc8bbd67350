import Foundation

/// A Debian release that debootstrap can make, and every tag under which Docker Hub publishes it.
///
/// Both the `-slim` and the full tags are served from one `debootstrap --variant=minbase` rootfs, so
/// they share their layer. Docker Hub's own images are also minbase; its slim variant additionally
/// drops `/usr/share/doc`, man pages and locales, and its full one has nothing more installed. Ours
/// keeps the docs, so a served `-slim` is a few MB larger than Docker Hub's.
package enum DebianSuite: String, Sendable, CaseIterable, Codable {
    case bookworm
    case trixie

    package var version: Int {
        switch self {
        case .bookworm: return 12
        case .trixie: return 13
        }
    }

    /// The tags of `library/debian` that this suite is served under, slim first.
    /// Point-release tags (`12.8`) and rolling aliases (`stable`) are left out: they move upstream.
    package var tags: [String] { ["\(rawValue)-slim", "\(version)-slim", rawValue, "\(version)"] }

    /// The suite behind a Docker Hub `debian` tag, or nil when debootstrap cannot make it here.
    package static func serving(tag: String) -> DebianSuite? {
        allCases.first { $0.tags.contains(tag) }
    }

    /// The suite behind a `FROM` reference, or nil (another image, registry, or a digest pin).
    package static func serving(reference: String) -> DebianSuite? {
        guard let parsed = BaseReference(reference), parsed.isDockerHub, parsed.digest == nil,
              parsed.repository == "library/debian" else { return nil }
        return serving(tag: parsed.tag)
    }

    /// `debian:bookworm-slim, debian:12-slim, debian:bookworm, debian:12, ...` for help texts.
    package static var servedTagList: String {
        allCases.flatMap { $0.tags.map { "debian:\($0)" } }.joined(separator: ", ")
    }
}
