/// The report's line about images of other registries (ghcr.io, quay.io): those that came through their pull-through
/// caches (the run's stored `pullThroughImages`; the build's private Dockerfile named the cache, the scripts shown name
/// the registry), and those no cache could serve (`unservedImages`), which the engines pulled themselves.
enum PullThroughNote {
    static func line(options: [String: String]) -> String? {
        let parts = [options["pullThroughImages"].map { "images of other registries, pulled once through a pull-through cache: \($0)" },
                     options["unservedImages"].map { "images no pull-through cache served (the engines pulled them themselves): \($0)" }]
            .compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ". ")
    }
}
