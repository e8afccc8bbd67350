import Foundation

/// A strategy's private copy of the build context, edited by the scenarios of its chain like consecutive commits.
/// The user's tree is only read.
package struct ContextCopy: Sendable {
    package var root: URL
    package var context: URL
    /// The Dockerfile as written by the user, inside the copy.
    var originalDockerfile: URL
    /// The Dockerfile with unnamed stages named (per-stage strategies), kept beside the context.
    var namedDockerfile: URL

    package func dockerfile(for strategy: Strategy) -> URL { strategy.isPerStage ? namedDockerfile : originalDockerfile }

    /// Copies the context and writes both Dockerfiles. Left out, wherever they lie in the context: every `.cachebench`
    /// directory, `root` itself and `excluding` (real paths: the database, state and cache directories), so that a
    /// parent context (`context: ..`) never copies cachebench's own output into itself.
    /// - Parameter rewrite: the Dockerfiles with other registries' images sent to their pull-through caches
    ///   (`ImageRouting`). It replaces the copy's Dockerfile in place: a Dockerfile moved out of the context would make
    ///   the legacy builder's CLI add a random name to the context's `.dockerignore` on every build.
    package static func make(project: Project, strategy: Strategy, under root: URL, excluding: [String] = [],
                             rewrite: ImageRouting.Rewrite? = nil) throws -> ContextCopy {
        let fm = FileManager.default
        try? fm.removeItem(at: root)
        let context = root.appendingPathComponent("context")
        try fm.createDirectory(at: context, withIntermediateDirectories: true)
        let source = ContainedPath.resolved(project.contextDirectory)
        try copyTree(from: source, to: context.path, excluding: Set(excluding + [ContainedPath.resolved(root)]))
        let contextPath = project.contextDirectory.path.hasSuffix("/") ? project.contextDirectory.path : project.contextDirectory.path + "/"
        let original: URL
        if project.dockerfile.path.hasPrefix(contextPath) {
            original = context.appendingPathComponent(String(project.dockerfile.path.dropFirst(contextPath.count)))
            if let rewrite {
                // A new file: the copy may be a symlink that leads back to the user's Dockerfile.
                try? fm.removeItem(at: original)
                try Data(rewrite.original.utf8).write(to: original)
            }
        } else {
            original = root.appendingPathComponent(project.dockerfile.lastPathComponent)
            try Data((rewrite?.original ?? project.dockerfileText).utf8).write(to: original)
            let ignore = project.dockerfile.path + ".dockerignore"
            if fm.fileExists(atPath: ignore) {
                try fm.copyItem(atPath: ignore, toPath: original.path + ".dockerignore")
            }
        }
        // Outside the context, so the build context stays byte-identical to the user's.
        let named = root.appendingPathComponent("Dockerfile.named")
        try Data((rewrite?.named ?? project.namedDockerfileText).utf8).write(to: named)
        if fm.fileExists(atPath: original.path + ".dockerignore") {
            try? fm.copyItem(atPath: original.path + ".dockerignore", toPath: named.path + ".dockerignore")
        }
        return ContextCopy(root: root, context: context, originalDockerfile: original, namedDockerfile: named)
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
