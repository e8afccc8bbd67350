import Foundation

/// What changed since the previous CI run. A chain is `cold` followed by the others, in order,
/// each applied to the strategy's private copy of the build context.
public enum Scenario: String, Sendable, Codable, CaseIterable {
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

    public static let defaultChain: [Scenario] = [.cold, .noChange, .sourceChange]

    /// The file this scenario edits, or nil when it edits nothing.
    public func editedFile(in files: ScenarioFiles) -> String? {
        switch self {
        case .cold, .noChange, .baseChange: return nil
        case .sourceChange: return files.sourceFile
        case .dependencyChange: return files.dependencyFile
        }
    }
}

/// The files the change scenarios edit, relative to the context, and how they were chosen.
public struct ScenarioFiles: Sendable, Codable, Equatable {
    public var sourceFile: String?
    public var dependencyFile: String?
    /// Human-readable: "configured" or what inference saw.
    public var notes: [String]

    public init(sourceFile: String? = nil, dependencyFile: String? = nil, notes: [String] = []) {
        self.sourceFile = sourceFile; self.dependencyFile = dependencyFile; self.notes = notes
    }
}

public enum ScenarioError: Error, LocalizedError, Equatable {
    case noFileToEdit(scenario: String, option: String)
    case fileMissing(scenario: String, path: String)
    case baseNotMirrored(images: [String])

    public var errorDescription: String? {
        switch self {
        case .noFileToEdit(let scenario, let option):
            return "scenario \(scenario) needs a file to edit and none could be inferred: pass \(option) PATH or set it in cachebench.yml."
        case .fileMissing(let scenario, let path):
            return "scenario \(scenario) would edit \(path), which is not in the build context: fix \(path) in cachebench.yml or the flag."
        case .baseNotMirrored(let images):
            return "scenario base-change needs a base image served by cachebench's mirror (debian:bookworm-slim), but the target builds FROM \(images.isEmpty ? "scratch" : images.joined(separator: ", ")): drop base-change from --scenarios."
        }
    }
}

/// Applies scenario edits to a private copy of the context; never to the user's tree.
public enum ScenarioMutator {
    /// Appends a unique comment line in the file's own comment syntax, or a blank line where that syntax is not
    /// certain (see `comment(_:forFile:)`), so that the change never breaks a build that worked. Returns the line written.
    @discardableResult
    public static func apply(_ scenario: Scenario, files: ScenarioFiles, contextCopy: URL, marker: String) throws -> String? {
        guard let relative = scenario.editedFile(in: files) else {
            if scenario == .sourceChange { throw ScenarioError.noFileToEdit(scenario: scenario.rawValue, option: "--source-file") }
            if scenario == .dependencyChange {
                throw ScenarioError.noFileToEdit(scenario: scenario.rawValue, option: "--dependency-file")
            }
            return nil
        }
        let url = contextCopy.appendingPathComponent(relative)
        guard let handle = try? FileHandle(forUpdating: url) else {
            throw ScenarioError.fileMissing(scenario: scenario.rawValue, path: relative)
        }
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

    /// A comment in the file's language where its syntax is certain; otherwise an empty string, so that the
    /// change is a trailing blank line that no reader can take for data (a `# ...` line in a package list read
    /// with `xargs` would become package names). JSON has no comments and gets a whitespace-only line.
    public static func comment(_ text: String, forFile path: String) -> String {
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
