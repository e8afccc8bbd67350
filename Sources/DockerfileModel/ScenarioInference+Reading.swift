import Foundation

/// What the build reads: the languages of the toolchains it installs or invokes, the files its commands and
/// build files name, and the files a package-installing RUN takes its package list from.
extension ScenarioInference {
    /// Toolchain words (in RUN, CMD, ENTRYPOINT or the FROM image) and the source extensions they compile or run.
    static let toolchains: [(pattern: String, extensions: [String])] = [
        (#"\b(gcc|g\+\+|cc|c\+\+|clang|clang\+\+|make|cmake|autoreconf|automake|autoconf|configure|autogen\.sh|meson|ninja|build-essential|libtool)\b"#,
         ["c", "h", "cc", "cpp", "cxx", "hpp", "hh", "hxx"]),
        (#"\bgo (build|install|test|run|generate|mod|get)\b|\bgolang\b"#, ["go"]),
        (#"\bcargo\b|\brustc\b|\brust(:|\b)"#, ["rs"]),
        (#"\bpip[0-9.]*\b|\bpython[0-9.]*\b|\bpoetry\b|\bpipenv\b|\buv (sync|pip|run)\b|\bconda\b|\bgunicorn\b|\buvicorn\b"#, ["py"]),
        (#"\bnpm\b|\bnode\b|\byarn\b|\bpnpm\b|\btsc\b|\bnpx\b|\bbun\b|\bdeno\b"#, ["js", "mjs", "cjs", "ts", "tsx", "jsx", "vue", "svelte"]),
        (#"\bmvnw?\b|\bgradlew?\b|\bjavac?\b|\bmaven\b|\bopenjdk\b|\btemurin\b"#, ["java", "kt", "scala"]),
        (#"\bbundle\b|\bruby\b|\brake\b|\brails\b"#, ["rb"]),
        (#"\bswift (build|package|test)\b|\bswift(:|\b)"#, ["swift"]),
        (#"\bdotnet\b"#, ["cs", "fs", "vb"]),
        (#"\bcomposer\b|\bphp\b"#, ["php"]),
        (#"\bmix\b|\belixir\b"#, ["ex", "exs"]),
        (#"\bcabal\b|\bghc\b"#, ["hs"]),
        (#"\bzig\b"#, ["zig"]),
    ]

    /// Extensions of files that are compiled rather than included (a change to one is always read).
    static let primaryExtensions: Set<String> = ["c", "cc", "cpp", "cxx"]

    /// The source extensions of every toolchain the chain installs or invokes.
    static func languages(of chain: [(stage: Stage, instruction: Instruction)]) -> Set<String> {
        var text = chain.filter { ["run", "cmd", "entrypoint"].contains($0.instruction.name) }
            .map(\.instruction.original).joined(separator: "\n").lowercased()
        for stage in Set(chain.map(\.stage.index)).sorted() {
            if let entry = chain.first(where: { $0.stage.index == stage }) { text += "\n" + entry.stage.base.lowercased() }
        }
        var out: Set<String> = []
        for toolchain in toolchains where text.range(of: toolchain.pattern, options: .regularExpression) != nil {
            out.formUnion(toolchain.extensions)
        }
        return out
    }

    /// The words of a command, quotes and shell punctuation removed: candidate file names.
    static func words(_ text: String) -> [String] {
        var spaced = text
        for mark in ["<", ">", "|", ";", "&", "(", ")", "`", "[", "]", ",", "\"", "'"] {
            spaced = spaced.replacingOccurrences(of: mark, with: " \(mark) ")
        }
        return spaced.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\\" }).flatMap { word in
            word.hasPrefix("-") && word.contains("=") ? word.split(separator: "=", maxSplits: 1).map(String.init) : [String(word)]
        }
    }

    static func basename(_ path: String) -> String { (path as NSString).lastPathComponent }

    /// Basenames named by the chain's commands and by the context's build files (Makefile, Makefile.am,
    /// CMakeLists.txt, meson.build, *.mk, *.cmake): files the build reads by name.
    static func namedFiles(chain: [(stage: Stage, instruction: Instruction)], files: [String], contextDirectory: URL) -> Set<String> {
        var named = Set(chain.filter { $0.instruction.name != "copy" && $0.instruction.name != "add" }
            .flatMap { words($0.instruction.original) }.map(basename))
        let buildFiles: Set<String> = ["makefile", "gnumakefile", "makefile.am", "cmakelists.txt", "meson.build"]
        for path in files {
            let name = basename(path).lowercased()
            guard buildFiles.contains(name) || name.hasSuffix(".mk") || name.hasSuffix(".cmake"),
                  let data = FileManager.default.contents(atPath: contextDirectory.appendingPathComponent(path).path),
                  data.count < 1_000_000 else { continue }
            named.formUnion(words(String(decoding: data, as: UTF8.self)).map(basename))
        }
        return named
    }

    /// Context files that some package-installing RUN of the chain feeds to its installer.
    static func packageLists(chain: [(stage: Stage, instruction: Instruction)], files: [String]) -> Set<String> {
        let installs = chain.map(\.instruction).filter { $0.name == "run" && installsPackages($0.original) }
        let mentioned = Set(installs.flatMap { words($0.original) }.map(basename))
        return Set(files.filter { file in
            mentioned.contains(basename(file)) && installs.contains { feedsInstaller($0.original, file: file) }
        })
    }

    /// Flags after which a word is a file an installer reads its package list from.
    static let listFlags: Set<String> = [
        "<", "-r", "--requirement", "--requirements", "-c", "--constraint", "-f", "--file", "-a", "--arg-file",
        "--from-file", "--package-list",
    ]

    /// True when `command` feeds the file to an installer: `< list`, `-r deps.txt`, `--file=env.yml`,
    /// `xargs -a list`, `cat list | xargs ...`, `grep -v '^#' list | xargs ...`, `$(cat list)`.
    static func feedsInstaller(_ command: String, file: String) -> Bool {
        let target = basename(file)
        for segment in command.components(separatedBy: CharacterSet(charactersIn: ";&\n")) {
            let parts = segment.components(separatedBy: "|")
            for (index, part) in parts.enumerated() {
                let tokens = words(part)
                for (position, token) in tokens.enumerated() where basename(token) == target {
                    let before = tokens[..<position]
                    if let previous = before.last, listFlags.contains(previous) { return true }
                    if before.contains(where: { $0 == "$" || $0 == "`" || $0.hasPrefix("$") }) { return true }
                    if index + 1 < parts.count, words(parts[index + 1]).first == "xargs" { return true }
                }
            }
        }
        return false
    }
}
