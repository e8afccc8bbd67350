/// The report's line about images of other registries (ghcr.io, quay.io) that came through their pull-through
/// caches (the run's stored `pullThroughImages`); the build's private Dockerfile named the cache, the scripts
/// shown name the registry.
enum PullThroughNote {
    static func line(options: [String: String]) -> String? {
        options["pullThroughImages"].map { "images of other registries, pulled once through a pull-through cache: \($0)" }
    }
}
