import Foundation

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
