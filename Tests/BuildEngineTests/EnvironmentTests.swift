@testable import BuildEngine
import CacheBenchTestSupport
import Foundation
import Testing

@Suite struct BaseImageStoreMirrorTests {
    @Test func deb822StanzaWithBookworm() {
        let text = """
        Types: deb
        URIs: http://deb.debian.org/debian
        Suites: bookworm bookworm-updates
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

        Types: deb
        URIs: http://deb.debian.org/debian-security
        Suites: bookworm-security
        Components: main
        """
        #expect(BaseImageStore.mirror(inSources: text) == "http://deb.debian.org/debian")
    }

    @Test func deb822SkipsAStanzaOfAnotherSuite() {
        let text = """
        Types: deb
        URIs: http://trixie.example/debian
        Suites: trixie

        # the one we want
        Types: deb
        URIs: https://mirror.example.org/debian/
        Suites: bookworm
        """
        #expect(BaseImageStore.mirror(inSources: text) == "https://mirror.example.org/debian/")
    }

    @Test func deb822SecurityOnlyHasNoMirror() {
        let text = """
        Types: deb
        URIs: http://deb.debian.org/debian-security
        Suites: bookworm-security
        """
        #expect(BaseImageStore.mirror(inSources: text) == nil)
    }

    @Test func oneLineFormatWithOptions() {
        let text = """
        # deb http://commented.example/debian bookworm main
        deb http://security.debian.org/debian-security bookworm-security main
        deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] http://mirror.example/debian/ bookworm main contrib
        """
        #expect(BaseImageStore.mirror(inSources: text) == "http://mirror.example/debian/")
    }

    @Test func oneLineFormatOtherSuiteOrCommentedIsIgnored() {
        #expect(BaseImageStore.mirror(inSources: "deb http://x.example/debian trixie main\n") == nil)
        #expect(BaseImageStore.mirror(inSources: "# deb http://x.example/debian bookworm main\n") == nil)
    }

    @Test func oneLineFormatWithSingleWordOption() {
        #expect(BaseImageStore.mirror(inSources: "deb [trusted=yes] http://m.example/debian bookworm main\n")
            == "http://m.example/debian")
    }

    // sources.list(5) writes options as `[ option1=value1 option2=value2 ]`, with spaces inside the brackets.
    @Test
    func oneLineFormatWithSpacedOptions() {
        #expect(BaseImageStore.mirror(inSources: "deb [ arch=amd64 ] http://m.example/debian bookworm main\n")
            == "http://m.example/debian")
    }

    @Test func emptySourcesDirectoryFallsBackToDebDebianOrg() throws {
        let dir = try ScratchDirectory()
        #expect(BaseImageStore.aptMirror(sourcesDirectory: dir.path) == "http://deb.debian.org/debian")
    }

    @Test func sourcesListDIsRead() throws {
        let dir = try ScratchDirectory()
        _ = try dir.write("sources.list.d/debian.sources", "Types: deb\nURIs: http://local.example/debian\nSuites: bookworm\n")
        _ = try dir.write("sources.list.d/ignored.txt", "deb http://wrong.example/debian bookworm main\n")
        #expect(BaseImageStore.aptMirror(sourcesDirectory: dir.path) == "http://local.example/debian")
    }

    @Test func defaultCacheDirectoryPrecedence() {
        #expect(BaseImageStore.defaultCacheDirectory(environment: ["CACHEBENCH_CACHE_DIR": "/c", "XDG_CACHE_HOME": "/x"]) == "/c")
        #expect(BaseImageStore.defaultCacheDirectory(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]) == "/x/cachebench")
        #expect(BaseImageStore.defaultCacheDirectory(environment: ["HOME": "/h"]) == "/h/.cache/cachebench")
    }
}

@Suite struct RegistryConfigurationTests {
    @Test func configurationIsExact() {
        let expected = """
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: "/tmp/storage"
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:5123
        """
        #expect(RegistryServer.configuration(storage: "/tmp/storage", port: 5123) == expected)
    }

    @Test func pathsThatYAMLWouldMisreadStayOneQuotedValue() {
        // YAML 1.2 double-quoted scalars: backslash and quote escaped, `#` and `: ` literal inside quotes.
        #expect(RegistryServer.yamlQuoted("/srv/app #2/a: b") == #""/srv/app #2/a: b""#)
        #expect(RegistryServer.yamlQuoted(#"/x/"q"\y"#) == #""/x/\"q\"\\y""#)
        #expect(RegistryServer.yamlQuoted("/a\nb") == #""/a\nb""#)
    }
}

@Suite struct TempDirectoryTests {
    @Test func makeCreatesAUniqueDirectoryAndRemoveDeletesItWithContents() throws {
        let first = try TempDirectory.make(prefix: "cbtest-")
        let second = try TempDirectory.make(prefix: "cbtest-")
        #expect(first != second)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: first, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect((first as NSString).lastPathComponent.hasPrefix("cbtest-"))
        try FileManager.default.createDirectory(atPath: "\(first)/a/b", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: "\(first)/a/b/file"))
        TempDirectory.remove(first)
        TempDirectory.remove(second)
        #expect(!FileManager.default.fileExists(atPath: first))
        #expect(!FileManager.default.fileExists(atPath: second))
    }

    /// The real mount (tests run as root): memory storage is a tmpfs on the directory, and removing the directory
    /// unmounts it first; disk storage mounts nothing.
    @Test(.enabled(if: getuid() == 0, "needs root to mount a tmpfs"))
    func memoryStorageIsATmpfsThatRemoveUnmounts() throws {
        let dir = try TempDirectory.make(prefix: "cbtest-")
        try EngineStorage.disk.prepare(dir)
        #expect(TempDirectory.mounts(under: dir).isEmpty)
        try EngineStorage.memory.prepare(dir)
        #expect(TempDirectory.mounts(under: dir) == [dir])
        try Data("x".utf8).write(to: URL(fileURLWithPath: "\(dir)/file"))
        TempDirectory.remove(dir)
        #expect(TempDirectory.mounts(under: dir).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    @Test func memoryStorageOnAMissingDirectoryIsAnErrorThatNamesTheWayOut() {
        #expect {
            try EngineStorage.memory.prepare("/nonexistent/cachebench-engine")
        } throws: { error in
            "\(error)".contains("--engine-storage disk") || error.localizedDescription.contains("--engine-storage disk")
        }
    }

    @Test func mountsUnderAFreshDirectoryIsEmpty() throws {
        let dir = try TempDirectory.make(prefix: "cbtest-")
        defer { TempDirectory.remove(dir) }
        #expect(TempDirectory.mounts(under: dir).isEmpty)
    }
}

@Suite struct PreflightTests {
    static let full: EngineCapabilities = {
        var caps = EngineCapabilities(clients: [DockerClient(path: "/usr/bin/docker", version: "20.10.24+dfsg1",
                                                             buildKit: true, buildx: false)])
        caps.dockerd = "/usr/sbin/dockerd"
        caps.registry = "/usr/bin/docker-registry"
        caps.debootstrap = "/usr/sbin/debootstrap"
        caps.ip = "/usr/sbin/ip"
        caps.nsenter = "/usr/bin/nsenter"
        caps.slirp4netns = "/usr/bin/slirp4netns"
        return caps
    }()

    @Test func everythingMissingAndNotRoot() {
        let problems = Preflight.blockingProblems(capabilities: EngineCapabilities(), root: false)
        #expect(problems == [
            .notRoot,
            .missingProgram(name: "dockerd", package: "docker.io"),
            .missingProgram(name: "docker", package: "docker.io"),
            .missingProgram(name: "docker-registry", package: "docker-registry"),
            .missingProgram(name: "debootstrap", package: "debootstrap"),
            .missingProgram(name: "ip", package: "iproute2"),
            .missingProgram(name: "nsenter", package: "util-linux"),
            .missingProgram(name: "slirp4netns", package: "slirp4netns"),
        ])
        #expect(problems.map(\.localizedDescription) == [
            "cachebench starts its own dockerd, which needs root: run it as root (sudo cachebench ...).",
            "dockerd not found: install it with `apt-get install -y docker.io` (or run `cachebench doctor`).",
            "docker not found: install it with `apt-get install -y docker.io` (or run `cachebench doctor`).",
            "docker-registry not found: install it with `apt-get install -y docker-registry` (or run `cachebench doctor`).",
            "debootstrap not found: install it with `apt-get install -y debootstrap` (or run `cachebench doctor`).",
            "ip not found: install it with `apt-get install -y iproute2` (or run `cachebench doctor`).",
            "nsenter not found: install it with `apt-get install -y util-linux` (or run `cachebench doctor`).",
            "slirp4netns not found: install it with `apt-get install -y slirp4netns` (or run `cachebench doctor`).",
        ])
    }

    @Test func onlyTheMissingOnesAreReported() {
        var caps = Self.full
        caps.registry = nil
        #expect(Preflight.blockingProblems(capabilities: caps, root: true)
            == [.missingProgram(name: "docker-registry", package: "docker-registry")])
        caps.debootstrap = nil
        #expect(Preflight.blockingProblems(capabilities: caps, root: true).count == 2)
    }

    @Test func rootWithEverythingHasNoProblem() {
        #expect(Preflight.blockingProblems(capabilities: Self.full, root: true).isEmpty)
    }

    @Test func notRootAloneIsBlocking() {
        #expect(Preflight.blockingProblems(capabilities: Self.full, root: false) == [.notRoot])
    }
}

@Suite struct DoctorTests {
    @Test func fixCommandsWhenNothingIsInstalled() throws {
        let cache = try ScratchDirectory()
        let base = BaseImageStore(cacheDirectory: cache.path, mirror: "http://m.example/debian")
        let checks = Doctor.checks(capabilities: EngineCapabilities(), base: base, root: false, environment: [:])
        #expect(checks.map(\.name) == ["root", "dockerd", "docker client", "BuildKit client", "docker-registry",
                                       "ip (network namespaces)", "nsenter", "slirp4netns (the namespace's uplink)",
                                       "network namespaces and /dev/net/tun", "squid and iptables (package cache)",
                                       "debootstrap", "buildah", "buildx", "buildx docker-container driver", "base image",
                                       "your Docker daemon"])
        let fixes = Dictionary(uniqueKeysWithValues: checks.map { ($0.name, $0.fix) })
        #expect(fixes["root"] == "sudo cachebench ...")
        #expect(fixes["dockerd"] == "apt-get install -y docker.io")
        #expect(fixes["docker client"] == "apt-get install -y docker.io")
        #expect(fixes["BuildKit client"]
            == "apt-get install -y docker.io   # Debian's 20.10 CLI builds with BuildKit without buildx")
        #expect(fixes["docker-registry"] == "apt-get install -y docker-registry")
        #expect(fixes["debootstrap"] == "apt-get install -y debootstrap")
        #expect(fixes["ip (network namespaces)"] == "apt-get install -y iproute2")
        #expect(fixes["nsenter"] == "apt-get install -y util-linux")
        #expect(fixes["slirp4netns (the namespace's uplink)"] == "apt-get install -y slirp4netns")
        #expect(fixes["buildah"] == "apt-get install -y buildah")
        #expect(fixes["squid and iptables (package cache)"] == "apt-get install -y squid iptables")
        #expect(fixes["buildx"] == .some(nil))
        #expect(fixes["base image"] == "cachebench engine seed-base")
        #expect(fixes["your Docker daemon"] == .some(nil))
        #expect(checks.filter(\.required).map(\.name) == ["root", "dockerd", "docker client", "docker-registry",
                                                         "ip (network namespaces)", "nsenter", "slirp4netns (the namespace's uplink)",
                                                         "network namespaces and /dev/net/tun", "debootstrap"])
        #expect(checks.first { $0.name == "base image" }?.detail.contains("http://m.example/debian") == true)
    }

    @Test func noFixWhereThingsAreInstalled() throws {
        let cache = try ScratchDirectory()
        let base = BaseImageStore(cacheDirectory: cache.path, mirror: "http://m.example/debian")
        var caps = PreflightTests.full
        caps.buildah = "/usr/bin/buildah"
        caps.squid = "/usr/sbin/squid"
        caps.iptables = "/usr/sbin/iptables"
        let checks = Doctor.checks(capabilities: caps, base: base, root: true, environment: [:])
        let broken = checks.filter { !$0.ok }.map(\.name)
        #expect(broken == ["buildx", "buildx docker-container driver", "base image"])
        #expect(checks.filter { $0.fix != nil }.map(\.name) == ["base image"])
        #expect(checks.first { $0.name == "docker client" }?.detail == "/usr/bin/docker 20.10.24+dfsg1")
        // docker-26.1 brings buildx, so the buildx strategies can run without one on PATH.
        let with26 = Doctor.checks(capabilities: caps, base: base, root: true, environment: [:], buildxEngine: "docker-26.1")
        #expect(with26.filter { !$0.ok }.map(\.name) == ["buildx docker-container driver", "base image"])
        #expect(with26.first { $0.name == "buildx docker-container driver" }?.detail
            .hasPrefix("unavailable: cachebench does not measure it yet") == true)
    }
}

@Suite struct EngineCapabilitiesProbeTests {
    /// A real executable file, so `isExecutableFile` passes; the replay runner answers for it.
    func fakeCLI(_ dir: ScratchDirectory) throws -> String {
        try dir.write("bin/docker", "#!/bin/sh\nexit 99\n", executable: true)
    }

    @Test func cli28WithoutBuildxHasNoBuildKit() async throws {
        let dir = try ScratchDirectory()
        let cli = try fakeCLI(dir)
        let replay = ReplayProcessRunner()
        replay.on({ $0.executable == cli && $0.arguments == ["--version"] },
                  lines: [OutputLine(stream: .stdout, at: 0.01, text: "Docker version 28.0.1, build 068a01e")])
        replay.on({ $0.executable == cli && $0.arguments == ["build", "--help"] && $0.environment["DOCKER_BUILDKIT"] == "1" },
                  lines: [OutputLine(stream: .stderr, at: 0.01,
                                     text: "ERROR: BuildKit is enabled but the buildx component is missing or broken.")],
                  exitCode: 1)
        replay.on({ $0.executable == cli && $0.arguments == ["buildx", "version"] },
                  lines: [OutputLine(stream: .stderr, at: 0.01, text: "docker: 'buildx' is not a docker command.")],
                  exitCode: 1)
        let caps = await EngineCapabilities.probe(runner: replay, dockerCLI: cli, environment: ["PATH": "\(dir.path)/bin"])
        #expect(caps.clients == [DockerClient(path: cli, version: "28.0.1", buildKit: false, buildx: false)])
        #expect(caps.legacyClient?.path == cli)
        #expect(caps.buildKitClient == nil)
        #expect(caps.buildxClient == nil)
        #expect(replay.commands.filter { $0.executable == cli }.map(\.arguments)
            == [["--version"], ["build", "--help"], ["buildx", "version"]])
    }

    @Test func debianCLI20WithBuildKitAndBuildx() async throws {
        let dir = try ScratchDirectory()
        let cli = try fakeCLI(dir)
        let replay = ReplayProcessRunner()
        replay.on({ $0.executable == cli && $0.arguments == ["--version"] },
                  lines: [OutputLine(stream: .stdout, at: 0.01, text: "Docker version 20.10.24+dfsg1, build 297e128")])
        replay.on({ $0.executable == cli && $0.arguments == ["build", "--help"] && $0.environment["DOCKER_BUILDKIT"] == "1" },
                  lines: [OutputLine(stream: .stdout, at: 0.01, text: "Usage:  docker build [OPTIONS] PATH | URL | -")])
        replay.on({ $0.executable == cli && $0.arguments == ["buildx", "version"] },
                  lines: [OutputLine(stream: .stdout, at: 0.01, text: "github.com/docker/buildx 0.10.4")])
        let caps = await EngineCapabilities.probe(runner: replay, dockerCLI: cli, environment: ["PATH": "\(dir.path)/bin"])
        #expect(caps.clients == [DockerClient(path: cli, version: "20.10.24+dfsg1", buildKit: true, buildx: true)])
        #expect(caps.buildKitClient?.path == cli)
        #expect(caps.buildxClient?.path == cli)
    }

    @Test func failingVersionDropsTheClient() async throws {
        let dir = try ScratchDirectory()
        let cli = try fakeCLI(dir)
        let replay = ReplayProcessRunner()  // nothing answers: every command exits 127
        let caps = await EngineCapabilities.probe(runner: replay, dockerCLI: cli, environment: ["PATH": "\(dir.path)/bin"])
        #expect(caps.clients.isEmpty)
        #expect(replay.commands.filter { $0.executable == cli }.map(\.arguments) == [["--version"]])
    }

    @Test func nonExecutableCLIIsNotRun() async throws {
        let replay = ReplayProcessRunner()
        let caps = await EngineCapabilities.probe(runner: replay, dockerCLI: "/nonexistent/docker", environment: ["PATH": "/nonexistent"])
        #expect(caps.clients.isEmpty)
        #expect(!replay.commands.contains { $0.executable == "/nonexistent/docker" })
    }

    @Test func versionParsing() {
        #expect(EngineCapabilities.version(from: "Docker version 20.10.24+dfsg1, build 297e128", after: "Docker version ")
            == "20.10.24+dfsg1")
        #expect(EngineCapabilities.version(from: "buildah version 1.28.2 (image-spec 1.0.2-dev)", after: "buildah version ")
            == "1.28.2")
        #expect(EngineCapabilities.version(from: "something else", after: "Docker version ") == nil)
    }
}

/// What engine commands inherit: nothing that configures Docker, unless cachebench sets it.
@Suite struct EngineEnvironmentTests {
    @Test func inheritedDockerVariablesAreRemovedAndTheConfigIsPrivate() {
        let inherited = ["DOCKER_HOST": "tcp://user:2375", "BUILDKIT_PROGRESS": "tty", "DOCKER_CONFIG": "/home/u/.docker",
                         "PATH": "/usr/bin", "HOME": "/root"]
        let overrides = EngineEnvironment.overrides(for: ["DOCKER_BUILDKIT": "1"], inherited: inherited)
        #expect(overrides["DOCKER_HOST"] == .some(nil))
        #expect(overrides["BUILDKIT_PROGRESS"] == .some(nil))
        #expect(overrides["DOCKER_CONFIG"] == .some(EngineEnvironment.privateDockerConfig))
        #expect(overrides["DOCKER_BUILDKIT"] == .some("1"))
        #expect(overrides["PATH"] == nil, "unrelated variables are inherited untouched")
    }

    @Test func aCommandsOwnValuesWin() {
        let overrides = EngineEnvironment.overrides(for: ["DOCKER_HOST": "unix:///tmp/cb/sock", "DOCKER_CONFIG": "/tmp/cb/cfg"],
                                                    inherited: ["DOCKER_HOST": "tcp://user:2375"])
        #expect(overrides["DOCKER_HOST"] == .some("unix:///tmp/cb/sock"))
        #expect(overrides["DOCKER_CONFIG"] == .some("/tmp/cb/cfg"))
    }

    @Test func theUsersDockerConfigNeverReachesAChild() async throws {
        let result = try await SubprocessRunner().run(Command("/bin/sh", ["-c", "echo \"$DOCKER_CONFIG|${DOCKER_HOST-unset}\""]))
        #expect(result.output == "\(EngineEnvironment.privateDockerConfig)|unset")
        #expect(FileManager.default.contents(atPath: EngineEnvironment.privateDockerConfig + "/config.json") == Data("{}\n".utf8))
    }
}

@Suite struct SandboxRecordTests {
    @Test func aRecordOfALiveOwnerIsKeptAndADeadOnesIsReclaimed() throws {
        let cache = try ScratchDirectory()
        let records = SandboxRecords(cacheDirectory: cache.path)
        let root = try TempDirectory.make(prefix: "cbtest-root-")
        try FileManager.default.createDirectory(atPath: "\(root)/engine/root", withIntermediateDirectories: true)
        let live = SandboxRecord(namespace: "cachebench-test-live", tempRoot: "/nonexistent/live", registryStorage: nil)
        var dead = SandboxRecord(namespace: "cachebench-test-dead", tempRoot: root, registryStorage: nil)
        dead.ownerPid = 4_000_000  // above pid_max: no such process
        dead.runId = 7
        try records.save(live)
        try records.save(dead)
        #expect(Set(records.all().map(\.namespace)) == ["cachebench-test-live", "cachebench-test-dead"])
        let reclaimed = records.reclaimOrphans()
        #expect(reclaimed.map(\.namespace) == ["cachebench-test-dead"])
        #expect(reclaimed.first?.runId == 7)
        #expect(!FileManager.default.fileExists(atPath: root), "the dead run's temp root is removed")
        #expect(records.all().map(\.namespace) == ["cachebench-test-live"])
        var mode = stat()
        #expect(stat(records.directory, &mode) == 0 && mode.st_mode & 0o777 == 0o700)
    }

    @Test func aReusedPidIsNotTheOwner() {
        var record = SandboxRecord(namespace: "cachebench-test-reuse", tempRoot: "/nonexistent", registryStorage: nil)
        #expect(record.ownerAlive)
        record.ownerStartTime += 1  // same pid, another start time: a different process
        #expect(!record.ownerAlive)
    }
}

@Suite struct NetworkNamespaceTests {
    @Test func commandsRunInsideThroughNsenterAndKeepTheirEnvironment() {
        let namespace = NetworkNamespace(name: "cachebench-1-ab")
        let wrapped = namespace.wrap(Command("dockerd", ["--debug"], environment: ["A": "b"], workingDirectory: "/tmp"))
        #expect(wrapped.argv == ["nsenter", "--net=/run/netns/cachebench-1-ab", "--", "dockerd", "--debug"])
        #expect(wrapped.environment == ["A": "b"])
        #expect(wrapped.workingDirectory == "/tmp")
    }

    @Test func freshNamesAreOursAndUnique() {
        let a = NetworkNamespace.fresh(), b = NetworkNamespace.fresh()
        #expect(a != b)
        #expect(a.name.hasPrefix(NetworkNamespace.prefix + "\(getpid())-"))
    }
}

@Suite struct PlantedSymlinkTests {
    @Test func aSymlinkedStateDirectoryIsRefusedAndRealOnesPass() throws {
        let project = try ScratchDirectory()
        let elsewhere = try ScratchDirectory()
        try FileManager.default.createSymbolicLink(atPath: "\(project.path)/.cachebench", withDestinationPath: elsewhere.path)
        #expect(throws: EngineError.plantedSymlink(path: "\(project.path)/.cachebench")) {
            try PlantedSymlink.check(["\(project.path)/.cachebench/state/run-1"], within: project.path)
        }
        try FileManager.default.removeItem(atPath: "\(project.path)/.cachebench")
        try FileManager.default.createDirectory(atPath: "\(project.path)/.cachebench/state", withIntermediateDirectories: true)
        try PlantedSymlink.check(["\(project.path)/.cachebench/state/run-1", "\(project.path)/.cachebench/logs"], within: project.path)
        // A symlinked database file is refused too; paths outside the project (a user's --db) are the user's choice.
        try FileManager.default.createSymbolicLink(atPath: "\(project.path)/.cachebench/results.sqlite", withDestinationPath: "/etc/motd")
        #expect(throws: EngineError.self) { try PlantedSymlink.check(["\(project.path)/.cachebench/results.sqlite"], within: project.path) }
        try PlantedSymlink.check(["/tmp/elsewhere.sqlite"], within: project.path)
    }
}

@Suite struct CacheDirectoryTests {
    @Test func theCacheDirectoryIsPrivateAndNeverASymlink() throws {
        let scratch = try ScratchDirectory()
        let cache = "\(scratch.path)/a/cachebench"
        try CacheDirectory.preparePrivate(cache)
        var info = stat()
        #expect(stat(cache, &info) == 0 && info.st_mode & 0o777 == 0o700)
        try FileManager.default.createSymbolicLink(atPath: "\(scratch.path)/link", withDestinationPath: "/etc")
        #expect(throws: EngineError.plantedSymlink(path: "\(scratch.path)/link")) {
            try CacheDirectory.preparePrivate("\(scratch.path)/link")
        }
    }
}
