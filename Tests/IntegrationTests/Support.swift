import BuildEngine
import Foundation
import Testing

/// Helpers for tests against the real engine: prerequisites, temp projects, the built CLI.
enum Integration {
    /// Why the real engine cannot run here, or nil when it can: the full probe (it runs each client's `--version`).
    /// `DoctorCLITests` fails on it, so a machine that should run the real-engine tests and cannot still fails.
    static func missingPrerequisite() async -> String? {
        let caps = await EngineCapabilities.probe(runner: SubprocessRunner())
        return Preflight.blockingProblems(capabilities: caps).first?.errorDescription
    }

    static var skipRequested: Bool { ProcessInfo.processInfo.environment["CACHEBENCH_SKIP_INTEGRATION"] == "1" }

    /// Why the tests that start real engines are skipped here, or nil when they run; the `.realEngine` trait's
    /// condition and comment. Worked out once and synchronously (a trait's comment is made before any test runs):
    /// the same checks as `Preflight`, from the programs on PATH, without running them.
    static let skipReason: String? = {
        if skipRequested { return "CACHEBENCH_SKIP_INTEGRATION=1: real-engine tests skipped" }
        var caps = EngineCapabilities(clients: (["/usr/bin/docker"] + ExecutableLookup.all(named: "docker"))
            .filter { FileManager.default.isExecutableFile(atPath: $0) }.prefix(1)
            .map { DockerClient(path: $0, version: "unknown", buildKit: false, buildx: false) })
        caps.dockerd = ExecutableLookup.find("dockerd")
        caps.registry = ExecutableLookup.find("docker-registry")
        caps.debootstrap = ExecutableLookup.find("debootstrap")
        caps.ip = ExecutableLookup.find("ip")
        caps.nsenter = ExecutableLookup.find("nsenter")
        caps.slirp4netns = ExecutableLookup.find("slirp4netns")
        return Preflight.blockingProblems(capabilities: caps).first.map {
            "real-engine prerequisite missing: " + ($0.errorDescription ?? "\($0)")
        }
    }()

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A private copy of a sample, so tests never write into the repository.
    static func copySample(_ name: String) throws -> URL {
        let destination = try temporaryDirectory(prefix: "cb-test-\(name)-")
        let source = repositoryRoot.appendingPathComponent("Samples/\(name)")
        for item in try FileManager.default.contentsOfDirectory(atPath: source.path) where item != ".cachebench" {
            try FileManager.default.copyItem(at: source.appendingPathComponent(item), to: destination.appendingPathComponent(item))
        }
        return destination
    }

    /// A one-stage project on the mirrored base whose only step is `step`.
    static func tinyProject(_ step: String, prefix: String = "cb-test-tiny-") throws -> URL {
        let project = try temporaryDirectory(prefix: prefix)
        try "FROM debian:bookworm-slim\n\(step)\n".write(to: project.appendingPathComponent("Dockerfile"),
                                                         atomically: true, encoding: .utf8)
        return project
    }

    /// The host's firewall rules without counters: what must be identical before and after a run.
    static func hostRules() async throws -> String {
        var text = ""
        for program in ["iptables-save", "ip6tables-save"] where ExecutableLookup.find(program) != nil {
            let result = try await SubprocessRunner().run(Command(program, []))
            text += result.lines.filter { $0.stream == .stdout }.map(\.text)
                .filter { !$0.hasPrefix("#") }
                .map { $0.replacingOccurrences(of: #"\[\d+:\d+\]"#, with: "[-]", options: .regularExpression) }
                .joined(separator: "\n")
        }
        return text
    }

    /// Link names, routes and forwarding sysctls of the host.
    static func hostNetwork() async throws -> String {
        let links = try await SubprocessRunner().run(Command("ip", ["-o", "link", "show"]))
        var text = links.lines.compactMap { $0.text.split(separator: ":").dropFirst().first.map(String.init) }.joined(separator: ",")
        for arguments in [["route", "show", "table", "all"], ["-6", "route", "show", "table", "all"]] {
            // IPv6 link-local routes of a new veth appear seconds later, when the kernel's DAD ends: not ours.
            text += "\n" + (try await SubprocessRunner().run(Command("ip", arguments))).lines.map(\.text)
                .filter { !$0.contains("fe80::") }.joined(separator: "\n")
        }
        for sysctl in ["net/ipv4/ip_forward", "net/ipv6/conf/all/forwarding"] {
            text += sysctl + "=" + ((try? String(contentsOfFile: "/proc/sys/\(sysctl)", encoding: .utf8)) ?? "?")
        }
        return text
    }

    /// cachebench namespaces whose creating process is gone: leftovers. (Other runs on the machine, alive,
    /// keep theirs.)
    static func orphanNamespaces() -> [NetworkNamespace] {
        NetworkNamespace.existing().filter { namespace in
            let pid = namespace.name.dropFirst(NetworkNamespace.prefix.count).split(separator: "-").first.flatMap { pid_t($0) }
            return pid.map { !ProcessState.isAlive($0) } ?? true
        }
    }

    static func temporaryDirectory(prefix: String) throws -> URL {
        URL(fileURLWithPath: try TempDirectory.make(prefix: prefix))
    }

    /// The `cachebench` executable built next to the test bundle.
    static var executable: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cachebench"),
            repositoryRoot.appendingPathComponent(".build/debug/cachebench"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]
    }

    /// Starts `cachebench ARGUMENTS` in the background, its output in `project/run.log`, for tests that
    /// interrupt or kill it.
    static func startCLI(_ arguments: [String], project: URL) async throws -> DaemonProcess {
        try await SubprocessRunner().startDaemon(Command(executable.path, arguments), logPath: project.path + "/run.log")
    }

    /// Runs the CLI; returns exit code, stdout, stderr.
    static func cli(_ arguments: [String], in directory: URL? = nil) async throws -> (code: Int32, out: String, err: String) {
        try await run(executable.path, arguments, directory: directory)
    }

    static func run(_ program: String, _ arguments: [String], directory: URL? = nil,
                    environment: [String: String] = [:]) async throws -> (code: Int32, out: String, err: String) {
        let result = try await SubprocessRunner().run(Command(program, arguments, environment: environment,
                                                              workingDirectory: directory?.path))
        let out = result.lines.filter { $0.stream == .stdout }.map(\.text).joined(separator: "\n")
        let err = result.lines.filter { $0.stream == .stderr }.map(\.text).joined(separator: "\n")
        return (result.exitCode, out, err)
    }

    /// Processes whose parent is `parent`: pid, name and command line.
    static func children(of parent: pid_t) -> [(pid: pid_t, name: String, cmdline: [String])] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry in
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[1]) == parent, fields[0] != "Z" else { return nil }
            let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
            let cmdline = raw.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return (pid, String(stat[stat.index(after: open)..<close]), cmdline)
        }
    }

    /// Children of this test process that are engine daemons: must be none after a run.
    static func leftoverDaemons() -> [String] {
        let me = getpid()
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var found: [String] = []
        for entry in entries {
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[1]) == me else { continue }
            let name = stat[stat.index(after: stat.firstIndex(of: "(")!)..<close]
            if ["dockerd", "docker-registry", "containerd", "slirp4netns", "squid"].contains(String(name)), fields[0] != "Z" { found.append("\(pid) \(name)") }
        }
        return found
    }
}

extension Trait where Self == ConditionTrait {
    /// On a test that starts real engines: skipped, and shown as skipped with the reason, when
    /// CACHEBENCH_SKIP_INTEGRATION=1 or a prerequisite (root, dockerd, docker-registry, ...) is missing here.
    static var realEngine: Self {
        .enabled(if: Integration.skipReason == nil, Comment(rawValue: Integration.skipReason ?? "real engine available"))
    }
}

extension SubprocessRunner {
    /// A runner with a supervisor of its own: what a test starts is stopped by the test, never by a signal.
    init() { self.init(supervisor: ProcessSupervisor()) }
}
