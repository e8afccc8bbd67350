import Foundation

/// The files the `source-change` and `dependency-change` scenarios edit, inferred from the
/// stage graph and the COPY sources, each with the reason it was chosen. Users override them
/// with `--source-file` / configuration; these are proposals.
public struct ScenarioInference: Equatable, Sendable {
    /// One inferred file.
    public struct Proposal: Equatable, Sendable {
        /// The file, relative to the build context.
        public let path: String
        /// Why this file, in one sentence, naming the instruction and its line.
        public let reason: String
        /// The stage of the COPY that brings the file in.
        public let stage: Int
        /// The line of that COPY.
        public let line: Int
    }

    /// The application source file: a file copied by the last COPY from the context before the
    /// final build step of the target's chain that the build reads: a source file of a toolchain the
    /// build installs or invokes, or a file its commands or build files name (never a script or a doc
    /// nothing reads); nil when none could be found.
    public let sourceFile: Proposal?
    /// The dependency manifest: the file a COPY brings in before a RUN that installs packages and that the
    /// RUN feeds to its installer (`< packages.txt`, `-r deps.txt`, `--file=env.yml`, `cat list | xargs`);
    /// else a manifest by name (requirements.txt, package.json, go.mod, ...); nil when no such COPY exists.
    public let dependencyManifest: Proposal?
    /// Why a proposal is missing, for each nil one (`sourceFile`, `dependencyManifest`).
    public let notes: [String]

    /// Infers both files.
    ///
    /// - Parameters:
    ///   - dockerfile: the parsed Dockerfile.
    ///   - graph: its stage graph (the target's chain is `graph.buildKitBuildOrder`).
    ///   - contextDirectory: the build context, listed with FileManager when a COPY source is a
    ///     directory, `.` or a glob.
    ///   - dockerignore: the ignore rules in effect; nil loads them from the context (the
    ///     Dockerfile-specific file first when `dockerfile.file` is a path).
    public static func infer(
        dockerfile: Dockerfile, graph: StageGraph, contextDirectory: URL, dockerignore: DockerIgnore? = nil
    ) -> ScenarioInference {
        let ignore =
            dockerignore
            ?? DockerIgnore.load(
                contextDirectory: contextDirectory, dockerfile: URL(fileURLWithPath: dockerfile.file))
        let files = listFiles(contextDirectory).filter { !(ignore?.excludes($0) ?? false) }
        let dockerfileName = URL(fileURLWithPath: dockerfile.file).lastPathComponent

        // The chain: needed stages in build order, their instructions in order.
        var chain: [(stage: Stage, instruction: Instruction)] = []
        for index in graph.buildKitBuildOrder {
            let stage = graph.stages[index]
            for instruction in stage.instructions { chain.append((stage, instruction)) }
        }

        var notes: [String] = []
        let reading = Reading(languages: languages(of: chain),
                              named: namedFiles(chain: chain, files: files, contextDirectory: contextDirectory),
                              packageLists: packageLists(chain: chain, files: files))
        let source = inferSource(chain: chain, files: files, ignore: ignore, dockerfileName: dockerfileName, reading: reading)
        if source == nil {
            notes.append("sourceFile: no COPY from the build context brings in a file that the build compiles, runs or names")
        }
        let manifest = inferManifest(chain: chain, files: files, ignore: ignore)
        if manifest == nil {
            notes.append("dependencyManifest: no COPY before a package-installing RUN brings in a file that the RUN reads or a manifest by name")
        }
        return ScenarioInference(sourceFile: source, dependencyManifest: manifest, notes: notes)
    }

    // MARK: - Source file

    /// What the build reads, for ranking source candidates.
    struct Reading {
        /// Source extensions of the toolchains the build installs or invokes.
        var languages: Set<String>
        /// Basenames that the Dockerfile's commands or the context's build files name.
        var named: Set<String>
        /// Files a package-installing RUN takes its package list from: dependencies, not source.
        var packageLists: Set<String>

        /// True when the build reads `path`: a source file of its toolchains, or a file it names.
        func reads(_ path: String) -> Bool {
            let ext = (path as NSString).pathExtension.lowercased()
            if packageLists.contains(path) { return false }
            if named.contains(basename(path)) { return true }
            if languages.isEmpty { return sourceExtensions.contains(ext) }
            return languages.contains(ext)
        }
    }

    private static func inferSource(
        chain: [(stage: Stage, instruction: Instruction)], files: [String], ignore: DockerIgnore?,
        dockerfileName: String, reading: Reading
    ) -> Proposal? {
        let lastRun = chain.lastIndex { $0.instruction.name == "run" }
        let copies = chain.indices.filter { !ChangeImpact.contextSources(of: chain[$0].instruction).isEmpty }
        // Prefer a COPY before the final build step; fall back to the last COPY of the chain.
        let beforeBuild = copies.filter { lastRun == nil || $0 < lastRun! }.reversed()
        let ordered = Array(beforeBuild) + copies.reversed().filter { !beforeBuild.contains($0) }
        for position in ordered {
            let (stage, instruction) = chain[position]
            let candidates = ChangeImpact.contextSources(of: instruction).flatMap { source in
                concreteFiles(for: source, files: files)
            }.filter { path in
                let name = (path as NSString).lastPathComponent
                return !isManifest(name) && name != dockerfileName && name != ".dockerignore"
                    && !name.hasSuffix(".dockerignore") && !(ignore?.excludes(path) ?? false) && reading.reads(path)
            }
            guard let best = candidates.sorted(by: { sourceRank($0, $1, reading) }).first else { continue }
            var reason = "copied by `\(summary(instruction))` (line \(instruction.startLine), stage \(describe(stage)))"
            if let lastRun, position < lastRun {
                let run = chain[lastRun].instruction
                reason += ", the last COPY from the build context before the final build step `\(summary(run))` (line \(run.startLine))"
            } else {
                reason += ", the last COPY from the build context in the target's chain"
            }
            if !ChangeImpact.contextSources(of: instruction).contains(where: {
                PathUtilities.contextRelative($0) == best
            }) {
                reason += "; picked \(best) among \(candidates.count) file(s) it copies that the build reads"
                reason += reading.named.contains(basename(best))
                    ? " (named by the Dockerfile or a build file)"
                    : " (a source file of a toolchain the build uses: \(reading.languages.sorted().joined(separator: ", ")))"
            }
            return Proposal(path: best, reason: reason, stage: stage.index, line: instruction.startLine)
        }
        return nil
    }

    static let sourceExtensions: Set<String> = [
        "c", "h", "cc", "cpp", "cxx", "hpp", "go", "rs", "py", "js", "mjs", "cjs", "ts", "tsx", "jsx", "java",
        "kt", "kts", "scala", "swift", "rb", "php", "cs", "fs", "vb", "ex", "exs", "erl", "hs", "ml", "clj",
        "lua", "pl", "r", "dart", "zig", "nim", "m", "mm",
    ]

    /// Stems of files that are entry points by convention (`main.go`, `index.ts`, `__main__.py`).
    static let entryStems: Set<String> = ["main", "index", "app", "lib", "__main__", "server", "cli"]

    /// Named by the build first, then entry points, compiled files before headers, shallow before deep,
    /// `_private` names last, then the path.
    private static func sourceRank(_ lhs: String, _ rhs: String, _ reading: Reading) -> Bool {
        func key(_ path: String) -> [String] {
            let name = basename(path)
            let stem = (name as NSString).deletingPathExtension.lowercased()
            let ext = (name as NSString).pathExtension.lowercased()
            let header = reading.languages.contains("c") && !primaryExtensions.contains(ext)
            return [reading.named.contains(name) ? "0" : "1", entryStems.contains(stem) ? "0" : "1", header ? "1" : "0",
                    String(format: "%04d", path.split(separator: "/").count), stem.hasPrefix("_") && stem != "__main__" ? "1" : "0",
                    path]
        }
        return key(lhs).lexicographicallyPrecedes(key(rhs))
    }

    /// The files of the context a COPY source brings in.
    static func concreteFiles(for source: String, files: [String]) -> [String] {
        let pattern = PathUtilities.contextRelative(source)
        if pattern.isEmpty { return files }
        let glob = GlobPattern(filepathMatch: pattern)
        let matched = files.filter { PathUtilities.selfAndParents($0).contains(where: glob.matches) }
        if matched.isEmpty && !glob.hasWildcard {
            // Not in the listing (or no listing): the Dockerfile still names the file.
            return [pattern]
        }
        return matched
    }

    // MARK: - Dependency manifest

    private static func inferManifest(
        chain: [(stage: Stage, instruction: Instruction)], files: [String], ignore: DockerIgnore?
    ) -> Proposal? {
        for (position, entry) in chain.enumerated()
        where entry.instruction.name == "run" && installsPackages(entry.instruction.original) {
            let earlier = chain[..<position].filter { $0.stage.index == entry.stage.index }.reversed()
            if let named = namedList(for: entry.instruction, copies: Array(earlier), files: files, ignore: ignore) {
                return named
            }
            for (stage, copy) in earlier {
                let manifests = ChangeImpact.contextSources(of: copy).flatMap { source -> [String] in
                    let pattern = PathUtilities.contextRelative(source)
                    guard !pattern.isEmpty else { return [] }
                    return concreteFiles(for: source, files: files).filter { path in
                        // A directory copy is not a manifest copy: only name-level matches count.
                        isManifest((path as NSString).lastPathComponent)
                            && (GlobPattern(filepathMatch: pattern).matches(path) || path == pattern)
                    }
                }.filter { !(ignore?.excludes($0) ?? false) }
                guard let best = manifests.sorted(by: manifestRank).first else { continue }
                let reason =
                    "copied by `\(summary(copy))` (line \(copy.startLine), stage \(describe(stage))) before `\(summary(entry.instruction))` (line \(entry.instruction.startLine)), the first RUN that installs packages from a copied manifest"
                return Proposal(path: best, reason: reason, stage: stage.index, line: copy.startLine)
            }
        }
        return nil
    }

    /// The file a COPY brings in just before `run` and that `run` feeds to its installer (`< list`, `-r x`,
    /// `--file=x`, `cat x | xargs`), whatever its name.
    private static func namedList(
        for run: Instruction, copies: [(stage: Stage, instruction: Instruction)], files: [String], ignore: DockerIgnore?
    ) -> Proposal? {
        for (stage, copy) in copies {
            let copied = ChangeImpact.contextSources(of: copy).flatMap { concreteFiles(for: $0, files: files) }
                .filter { !(ignore?.excludes($0) ?? false) }
            let renamed = destinationName(of: copy)
            guard let best = copied.filter({ file in
                feedsInstaller(run.original, file: file) || (copied.count == 1 && renamed.map { feedsInstaller(run.original, file: $0) } == true)
            }).sorted(by: manifestRank).first
            else { continue }
            let reason =
                "copied by `\(summary(copy))` (line \(copy.startLine), stage \(describe(stage))) and read by `\(summary(run))` (line \(run.startLine)), which installs the packages it lists"
            return Proposal(path: best, reason: reason, stage: stage.index, line: copy.startLine)
        }
        return nil
    }

    /// The file name a one-file COPY gives its file in the image (`COPY environment.yml /tmp/env.yml` → `env.yml`).
    static func destinationName(of copy: Instruction) -> String? {
        guard let destination = copy.arguments.last, ChangeImpact.contextSources(of: copy).count == 1,
              !destination.hasSuffix("/"), destination != ".", !destination.hasSuffix("/.") else { return nil }
        return basename(destination)
    }

    private static let installPatterns = [
        "pip install", "pip3 install", "pipenv install", "poetry install", "uv sync", "uv pip install",
        "conda install", "conda env", "npm install", "npm ci", "npm i ", "yarn install", "yarn --", "pnpm install",
        "pnpm i ", "go mod download", "go get", "cargo fetch", "cargo build", "cargo install", "bundle install",
        "gem install", "dotnet restore", "composer install", "mvn ", "gradle", "mix deps.get",
        "swift package resolve", "apt-get install", "apt install", "apk add", "dnf install", "yum install",
    ]

    /// True when a RUN line installs packages.
    static func installsPackages(_ command: String) -> Bool {
        let lower = command.lowercased() + " "
        if lower.range(of: #"\byarn\s*(&&|;|$|\s)"#, options: .regularExpression) != nil { return true }
        return installPatterns.contains { lower.contains($0) }
    }

    /// True for file names of dependency manifests and lock files.
    static func isManifest(_ name: String) -> Bool {
        let exact: Set<String> = [
            "requirements.txt", "Pipfile", "Pipfile.lock", "pyproject.toml", "poetry.lock", "setup.py", "setup.cfg",
            "uv.lock", "environment.yml", "package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock",
            "pnpm-lock.yaml", "go.mod", "go.sum", "Cargo.toml", "Cargo.lock", "Gemfile", "Gemfile.lock",
            "packages.config", "pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle",
            "settings.gradle.kts", "composer.json", "composer.lock", "mix.exs", "mix.lock", "Package.swift",
            "Package.resolved",
        ]
        if exact.contains(name) { return true }
        let lower = name.lowercased()
        if lower.hasPrefix("requirements") && lower.hasSuffix(".txt") { return true }
        return [".csproj", ".fsproj", ".vbproj", ".sln"].contains { lower.hasSuffix($0) }
    }

    private static func manifestRank(_ lhs: String, _ rhs: String) -> Bool {
        func key(_ path: String) -> (Int, Int, String) {
            let name = (path as NSString).lastPathComponent.lowercased()
            let isLock = name.contains("lock") || name == "go.sum" || name == "package.resolved"
                || name == "npm-shrinkwrap.json"
            return (isLock ? 1 : 0, path.split(separator: "/").count, path)
        }
        return key(lhs) < key(rhs)
    }

    // MARK: - Helpers

    /// Regular files below `directory`, relative, `/`-separated, sorted; `.git` skipped.
    static func listFiles(_ directory: URL) -> [String] {
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: directory.path) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative == ".git" || relative.hasPrefix(".git/") {
                enumerator.skipDescendants()
                continue
            }
            var isDirectory: ObjCBool = false
            let full = directory.appendingPathComponent(relative).path
            if manager.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(relative)
            }
        }
        return files.sorted()
    }

    private static func describe(_ stage: Stage) -> String {
        stage.name ?? String(stage.index)
    }

    private static func summary(_ instruction: Instruction) -> String {
        let text = GoQuote.trimSpace(instruction.original)
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }

    /// Human-readable lines: `source file: PATH` and `dependency manifest: PATH`, each with its reason.
    public var text: String {
        var lines: [String] = []
        if let sourceFile {
            lines.append("source file: \(sourceFile.path)\n  \(sourceFile.reason)")
        } else {
            lines.append("source file: none inferred (pass --source-file)")
        }
        if let dependencyManifest {
            lines.append("dependency manifest: \(dependencyManifest.path)\n  \(dependencyManifest.reason)")
        } else {
            lines.append("dependency manifest: none (no COPY brings in a file that a package-installing RUN reads or a manifest by name; pass --dependency-file)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"sourceFile": {"path", "reason", "stage", "line"} | null, "dependencyManifest": ... | null, "notes": [..]}`.
    public func jsonString(pretty: Bool = true) -> String {
        func proposal(_ value: Proposal?) -> JSONValue {
            guard let value else { return .null }
            return .object([
                ("path", .string(value.path)), ("reason", .string(value.reason)),
                ("stage", .int(value.stage)), ("line", .int(value.line)),
            ])
        }
        return JSONValue.object([
            ("sourceFile", proposal(sourceFile)),
            ("dependencyManifest", proposal(dependencyManifest)),
            ("notes", .strings(notes)),
        ]).rendered(pretty: pretty)
    }
}
