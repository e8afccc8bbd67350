import Foundation

/// A strategy's private copy of the build context, edited by the scenarios of its chain like consecutive commits.
/// The user's tree is only read.
package struct ContextCopy: Sendable {
    package var root: URL
    package var context: URL
    /// The Dockerfile the copy's strategy builds: at the user's path inside the context (or beside the context when the
    /// user's is outside it), holding what the user's would hold (stages named for a per-stage strategy, images routed).
    package var dockerfile: URL

    /// Copies the context and writes the strategy's Dockerfile. Left out, wherever they lie in the context: every
    /// `.cachebench` directory, `root` itself and `excluding` (real paths: the database, state and cache directories), so
    /// that a parent context (`context: ..`) never copies cachebench's own output into itself.
    ///
    /// A Dockerfile inside the context stays at its path there, edited in place when its text changes: moved out, it
    /// would make the legacy builder's CLI send it under a random name and add that name to the context's
    /// `.dockerignore`, so every build's `COPY . .` would miss the cache (unless `.dockerignore` lists itself), which a
    /// CI build of the user's own Dockerfile does not. A per-stage script tells the user to name their stages likewise.
    /// - Parameter rewrite: the Dockerfiles with other registries' images sent to their pull-through caches
    ///   (`ImageRouting`).
    package static func make(project: Project, strategy: Strategy, under root: URL, excluding: [String] = [],
                             rewrite: ImageRouting.Rewrite? = nil) throws -> ContextCopy {
        let fm = FileManager.default
        try? fm.removeItem(at: root)
        let context = root.appendingPathComponent("context")
        try fm.createDirectory(at: context, withIntermediateDirectories: true)
        let source = ContainedPath.resolved(project.contextDirectory)
        try copyTree(from: source, to: context.path, excluding: Set(excluding + [ContainedPath.resolved(root)]))
        let text = strategy.isPerStage ? rewrite?.named ?? project.namedDockerfileText : rewrite?.original ?? project.dockerfileText
        let contextPath = project.contextDirectory.path.hasSuffix("/") ? project.contextDirectory.path : project.contextDirectory.path + "/"
        let dockerfile: URL
        if project.dockerfile.path.hasPrefix(contextPath) {
            dockerfile = context.appendingPathComponent(String(project.dockerfile.path.dropFirst(contextPath.count)))
            if text != project.dockerfileText {
                // A new file: the copy may be a symlink that leads back to the user's Dockerfile.
                try? fm.removeItem(at: dockerfile)
                try Data(text.utf8).write(to: dockerfile)
            }
        } else {
            dockerfile = root.appendingPathComponent(project.dockerfile.lastPathComponent)
            try Data(text.utf8).write(to: dockerfile)
            let ignore = project.dockerfile.path + ".dockerignore"
            if fm.fileExists(atPath: ignore) {
                try fm.copyItem(atPath: ignore, toPath: dockerfile.path + ".dockerignore")
            }
        }
        return ContextCopy(root: root, context: context, dockerfile: dockerfile)
    }

    /// Copies `source` into the existing directory `destination`: directories, regular files, and symlinks as
    /// symlinks (never followed).
    static func copyTree(from source: String, to destination: String, excluding: Set<String>) throws {
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: source) where name != ".cachebench" {
            let from = source == "/" ? "/" + name : source + "/" + name
            let to = destination + "/" + name
            guard !excluding.contains(from) else { continue }
            let attributes = try fm.attributesOfItem(atPath: from)  // lstat: a symlink reports itself
            if attributes[.type] as? FileAttributeType == .typeDirectory {
                try fm.createDirectory(atPath: to, withIntermediateDirectories: false,
                                       attributes: attributes[.posixPermissions].map { [.posixPermissions: $0] })
                try copyTree(from: from, to: to, excluding: excluding)
            } else if attributes[.type] as? FileAttributeType == .typeRegular
                        || attributes[.type] as? FileAttributeType == .typeSymbolicLink {
                try fm.copyItem(atPath: from, toPath: to)
            }
            // Sockets, FIFOs and device nodes are left out: reading a FIFO would block the run, and no build needs one.
        }
    }
}
