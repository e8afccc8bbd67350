@testable import BuildEngine
import Foundation
import Testing

/// apt itself (`apt-config`) says where the private state lives: nowhere in the system's apt dirs.
struct PrivateAptTests {
    static var hasAptConfig: Bool { ExecutableLookup.find("apt-config") != nil }

    @Test(.enabled(if: hasAptConfig, "needs Debian's apt-config"))
    func everyDirectoryIsPrivateAndNoSystemHookLoads() async throws {
        let dir = try ScratchDirectory()
        let apt = PrivateApt(directory: "\(dir.path)/apt", mirror: "http://deb.debian.org/debian", suite: "trixie",
                             keyring: "/usr/share/keyrings/debian-archive-keyring.gpg")
        try apt.write(acquire: ["Acquire::http::Proxy": "http://proxy.example:3128"])
        let keys = ["Dir::State/d", "Dir::State::lists/d", "Dir::State::status/f", "Dir::Cache/d", "Dir::Cache::archives/d",
                    "Dir::Etc::sourcelist/f", "Dir::Etc::sourceparts/d", "Dir::Etc::preferences/f",
                    "Dir::Etc::preferencesparts/d", "Dir::Etc::parts/d", "Dir::Log/d"]
        let arguments = keys.enumerated().flatMap { ["K\($0.offset)", $0.element] }
        let env = ["APT_CONFIG": apt.configFile]
        let shell = try await SubprocessRunner().run(Command("apt-config", ["shell"] + arguments, environment: env))
        #expect(shell.succeeded)
        let values = shell.lines.filter { $0.stream == .stdout }.map(\.text)
        #expect(values.count == keys.count)
        for line in values {
            #expect(line.contains("'\(dir.path)/apt/"), "\(line) is outside the private state")
        }
        let dump = try await SubprocessRunner().run(Command("apt-config", ["dump"], environment: env)).output
        #expect(!dump.contains("Post-Invoke"), "a system hook (e.g. docker-clean's rm of /var/cache/apt) would run")
        #expect(dump.contains(#"Acquire::http::Proxy "http://proxy.example:3128";"#))
        let sources = try String(contentsOfFile: "\(dir.path)/apt/etc/sources.list", encoding: .utf8)
        #expect(sources == "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main\n")
    }

    @Test(.enabled(if: hasAptConfig, "needs Debian's apt-config"))
    func proxyAndValiditySettingsAreCarriedOver() async throws {
        let dir = try ScratchDirectory()
        let system = try dir.write("system/apt.conf", """
            Dir::Etc::parts "\(dir.path)/system/parts";
            Dir::Etc::main "/dev/null";
            Acquire::http::Proxy "http://proxy.example:3128";
            Acquire::Check-Valid-Until "false";
            Acquire::Languages "none";
            """)
        try FileManager.default.createDirectory(atPath: "\(dir.path)/system/parts", withIntermediateDirectories: true)
        let settings = await PrivateApt.systemAcquireSettings(runner: SubprocessRunner(), environment: ["APT_CONFIG": system])
        #expect(settings == ["Acquire::http::Proxy": "http://proxy.example:3128", "Acquire::Check-Valid-Until": "false"])
    }
}
