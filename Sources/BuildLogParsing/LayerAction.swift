/// What happened to one layer in a push, a pull, or one row of `docker history`.
public enum LayerAction: String, Codable, Sendable {
    case pushed, exists, mounted, pulled
    case alreadyExists = "already-exists"
    /// A `docker history` row.
    case history
    /// BuildKit fetched it from a cache source during a build (`--cache-from` registry, local dir or inline-cache
    /// image): a cached step's layer pulled when a later step or the export needed it (a download ending `done`, or an
    /// extraction, under a vertex that is not a FROM). `id` is the full digest.
    case imported
    /// BuildKit's cache export wrote it to the cache backend (`--cache-to type=registry|local`). `id` is the full
    /// digest; whether the backend already held it is not in the log.
    case exported
}
