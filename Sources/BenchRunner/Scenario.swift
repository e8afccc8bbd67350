import Foundation

/// What changed since the previous CI run. A chain is `cold` followed by the others, in order,
/// each applied to the strategy's private copy of the build context.
package enum Scenario: String, Sendable, Codable, CaseIterable {
    /// The first build ever: the strategy's registry namespace is empty.
    case cold
    /// Nothing changed.
    case noChange = "no-change"
    /// A unique comment appended to the application source file.
    case sourceChange = "source-change"
    /// A unique comment appended to the dependency manifest.
    case dependencyChange = "dependency-change"
    /// The base image tag now points at a new digest, re-pushed to the sandbox mirror.
    case baseChange = "base-change"

    static let defaultChain: [Scenario] = [.cold, .noChange, .sourceChange]

    /// The file this scenario edits, or nil when it edits nothing.
    func editedFile(in files: ScenarioFiles) -> String? {
        switch self {
        case .cold, .noChange, .baseChange: return nil
        case .sourceChange: return files.sourceFile
        case .dependencyChange: return files.dependencyFile
        }
    }
}

/// The files the change scenarios edit, relative to the context, and how they were chosen.
package struct ScenarioFiles: Sendable, Codable, Equatable {
    package var sourceFile: String?
    package var dependencyFile: String?
    /// Human-readable: "configured" or what inference saw.
    package var notes: [String]

    package init(sourceFile: String? = nil, dependencyFile: String? = nil, notes: [String] = []) {
        self.sourceFile = sourceFile; self.dependencyFile = dependencyFile; self.notes = notes
    }
}

package enum ScenarioError: Error, LocalizedError, Equatable {
    case noFileToEdit(scenario: String, option: String)
    case fileMissing(scenario: String, path: String)
    case baseNotMirrored(images: [String])
    case unsafeFile(scenario: String, path: String, why: String)

    package var errorDescription: String? {
        switch self {
        case .noFileToEdit(let scenario, let option):
            return "scenario \(scenario) needs a file to edit and none could be inferred: pass \(option) PATH or set it in cachebench.yml."
        case .fileMissing(let scenario, let path):
            return "scenario \(scenario) would edit \(path), which is not in the build context: fix \(path) in cachebench.yml or the flag."
        case .unsafeFile(let scenario, let path, let why):
            return "scenario \(scenario) refuses to edit \(path): \(why). Name a regular file inside the build context."
        case .baseNotMirrored(let images):
            return "scenario base-change needs a Docker Hub base that is not pinned by digest (cachebench's mirror serves and can change those), but the target builds FROM \(images.isEmpty ? "scratch" : images.joined(separator: ", ")): drop base-change from --scenarios."
        }
    }
}

/// Applies scenario edits to a private copy of the context; never to the user's tree.
package enum ScenarioMutator {
    /// Appends a unique comment line in the file's own comment syntax, or a blank line where that syntax is not
    /// certain (see `comment(_:forFile:)`), so that the change never breaks a build that worked. Returns the line written.
    /// `originalContext`: the user's context, whose files an absolute symlink in the copy may name.
    @discardableResult
    package static func apply(_ scenario: Scenario, files: ScenarioFiles, contextCopy: URL, marker: String,
                              originalContext: URL? = nil) throws -> String? {
        guard let relative = scenario.editedFile(in: files) else {
            if scenario == .sourceChange { throw ScenarioError.noFileToEdit(scenario: scenario.rawValue, option: "--source-file") }
            if scenario == .dependencyChange {
                throw ScenarioError.noFileToEdit(scenario: scenario.rawValue, option: "--dependency-file")
            }
            return nil
        }
        let path = try editablePath(relative, scenario: scenario, contextCopy: contextCopy, originalContext: originalContext)
        let descriptor = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw ScenarioError.fileMissing(scenario: scenario.rawValue, path: relative) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        defer { try? handle.close() }
        let end = try handle.seekToEnd()
        var prefix = ""
        if end > 0 {
            try handle.seek(toOffset: end - 1)
            if handle.readData(ofLength: 1) != Data("\n".utf8) { prefix = "\n" }
            try handle.seekToEnd()
        }
        let line = prefix + comment(marker, forFile: relative) + "\n"
        try handle.write(contentsOf: Data(line.utf8))
        return line
    }

    /// The real path of the regular file to edit, inside the copy. A symlink whose target lies inside the context
    /// (the copy or the user's) is first replaced by a copy of that target; any other symlink is refused.
    static func editablePath(_ relative: String, scenario: Scenario, contextCopy: URL, originalContext: URL?) throws -> String {
        let missing = ScenarioError.fileMissing(scenario: scenario.rawValue, path: relative)
        func unsafe(_ why: String) -> ScenarioError { .unsafeFile(scenario: scenario.rawValue, path: relative, why: why) }
        guard !relative.hasPrefix("/"), let copyRoot = ContainedPath.real(contextCopy.path) else { throw missing }
        let url = contextCopy.appendingPathComponent(relative).standardizedFileURL
        guard let parent = ContainedPath.real(url.deletingLastPathComponent().path) else { throw missing }
        guard ContainedPath.isInside(parent, copyRoot) else { throw unsafe("its directory leads outside the build context") }
        let path = parent + "/" + url.lastPathComponent
        let fm = FileManager.default
        guard let type = (try? fm.attributesOfItem(atPath: path))?[.type] as? FileAttributeType else { throw missing }
        if type == .typeSymbolicLink {
            guard let target = ContainedPath.real(path) else { throw missing }
            let roots = [copyRoot] + (originalContext.flatMap { ContainedPath.real($0.path) }.map { [$0] } ?? [])
            guard roots.contains(where: { ContainedPath.isInside(target, $0) }) else {
                throw unsafe("it is a symlink to \(target), outside the build context")
            }
            guard (try? fm.attributesOfItem(atPath: target))?[.type] as? FileAttributeType == .typeRegular else {
                throw unsafe("it is a symlink to \(target), which is not a regular file")
            }
            let contents = try Data(contentsOf: URL(fileURLWithPath: target))
            try fm.removeItem(atPath: path)
            try contents.write(to: URL(fileURLWithPath: path))
        } else if type != .typeRegular {
            throw unsafe("it is not a regular file")
        }
        return path
    }

    /// A comment in the file's language where its syntax is certain; otherwise an empty string, so that the
    /// change is a trailing blank line that no reader can take for data (a `# ...` line in a package list read
    /// with `xargs` would become package names). JSON has no comments and gets a whitespace-only line.
    package static func comment(_ text: String, forFile path: String) -> String {
        let name = (path as NSString).lastPathComponent.lowercased()
        let ext = (name as NSString).pathExtension
        // Formats without comments: a whitespace-only line still changes the checksum and every parser skips it.
        if ["package.resolved", "composer.lock", "pipfile.lock", "go.sum", "gemfile.lock", "package-lock.json"].contains(name) {
            return " "
        }
        if ["makefile", "gnumakefile", "gemfile", "rakefile", "pipfile", "dockerfile", "containerfile", "cmakelists.txt",
            "podfile", "vagrantfile", "brewfile"].contains(name) || isPipRequirements(name) {
            return "# \(text)"
        }
        switch ext {
        case "c", "h", "css":
            return "/* \(text) */"
        case "cc", "cpp", "hpp", "cxx", "hh", "hxx", "js", "mjs", "cjs", "ts", "tsx", "jsx", "go", "rs", "java", "kt", "swift",
             "cs", "scala", "dart", "php", "gradle", "kts", "proto", "mod", "zig":
            return "// \(text)"
        case "json":
            return " "
        case "xml", "html", "csproj", "fsproj", "vbproj", "props", "targets", "config":
            return "<!-- \(text) -->"
        case "sql", "lua", "hs":
            return "-- \(text)"
        case "ex", "exs", "py", "rb", "sh", "bash", "toml", "yml", "yaml", "pl", "r", "mk", "cmake", "lock":
            return "# \(text)"
        default:
            return ""
        }
    }

    /// `requirements*.txt` and `constraints*.txt`: pip's own formats, where `#` starts a comment.
    static func isPipRequirements(_ name: String) -> Bool {
        name.hasSuffix(".txt") && (name.hasPrefix("requirements") || name.hasPrefix("constraints"))
    }
}
