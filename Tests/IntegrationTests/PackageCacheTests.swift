import BuildEngine
import Foundation
import Testing

/// The package cache against real engines: apt in a build goes through squid in the run's namespace
/// without any change to the Dockerfile, the second build is served from the cache, the next run
/// starts from the saved store, and the host's rules never change.
extension EndToEndTests {
    @Test(.realEngine) func aptDownloadsAreServedFromThePackageCache() async throws {
        guard ExecutableLookup.find("squid") != nil else {
            Issue.record("squid missing: apt-get install -y squid (the package cache needs it)")
            return
        }
        let project = try Integration.tinyProject(
            "RUN apt-get update && apt-get install -y --no-install-recommends hello && hello")
        let scratch = try Integration.temporaryDirectory(prefix: "cb-test-pkgcache-")
        defer {
            try? FileManager.default.removeItem(at: project)
            try? FileManager.default.removeItem(at: scratch)
        }
        let rulesBefore = try await Integration.hostRules()
        var options = SandboxOptions(stateDirectory: scratch.appendingPathComponent("state").path)
        options.packageCacheDirectory = scratch.appendingPathComponent("package-cache").path
        let store = PackageCacheStore(directory: options.packageCacheDirectory!)

        let first = try await Self.buildTwice(project: project, options: options, count: 2)
        #expect(try await Integration.hostRules() == rulesBefore, "the host's iptables changed")
        let hello = first.log.split(separator: "\n").filter { $0.contains("/hello_") && $0.contains(".deb ") }
        #expect(hello.count == 2, "one request for hello's package per build: \(hello)")
        #expect(hello.first?.contains("TCP_MISS/200") == true, "the first build fetches it: \(hello)")
        #expect(hello.last?.contains("HIT/200") == true, "the second build is served from the cache: \(hello)")
        #expect((first.traffic?.httpConnections ?? 0) > 0, "apt's connections went through the redirect")
        #expect(first.traffic?.httpsConnections == 0)
        #expect(store.isFilled, "the run saved its store")

        #expect(!first.throttled)
        // The next run, under a network profile: the builds reach squid through a throttling proxy.
        options.network = try #require(NetworkProfile.parse("office"))
        let next = try await Self.buildTwice(project: project, options: options, count: 1)
        let again = next.log.split(separator: "\n").filter { $0.contains("/hello_") && $0.contains(".deb ") }
        #expect(again.count == 1 && again.allSatisfy { $0.contains("HIT/200") }, "the next run starts from the saved store: \(again)")
        #expect(next.throttled, "port 80 goes to the throttling proxy in front of squid")
        #expect(try await Integration.hostRules() == rulesBefore, "the host's iptables changed")
        #expect(Integration.leftoverDaemons().isEmpty, "squid and the engines are stopped with the sandbox")
    }

    /// A build that opens an https connection is named in the report: the package cache cannot quiet it.
    @Test(.realEngine) func aBuildThatFetchesOverHttpsIsNamedInTheReport() async throws {
        guard ExecutableLookup.find("squid") != nil else {
            Issue.record("squid missing: apt-get install -y squid (the package cache needs it)")
            return
        }
        // Only the connection attempt matters (https itself may not get through here): the namespace's rules count it.
        let project = try Integration.tinyProject(#"""
            SHELL ["/bin/bash", "-c"]
            RUN timeout 5 bash -c 'exec 3<>/dev/tcp/deb.debian.org/443' || true
            """#)
        defer { try? FileManager.default.removeItem(at: project) }
        let db = project.appendingPathComponent("r.sqlite").path
        let run = try await Integration.cli(["run", project.path, "--strategies", "none", "--scenarios", "cold",
                                             "--iterations", "1", "--db", db])
        #expect(run.code == 0, "\(run.err)")
        let report = try await Integration.cli(["report", "--db", db])
        #expect(report.out.contains("Builds that fetched over https (connections): none · cold · iteration 1 ("), "\(report.out)")
    }

    /// `count` legacy builds of `project` on fresh engines in one sandbox; squid's access log and the
    /// namespace's counters, read before the sandbox stops.
    static func buildTwice(project: URL, options: SandboxOptions, count: Int) async throws
        -> (log: String, traffic: PackageCacheTraffic?, throttled: Bool) {
        let sandbox = try await Sandbox.start(options: options, runner: SubprocessRunner()) { _ in }
        do {
            let cache = try #require(sandbox.packageCache)
            let client = try #require(sandbox.capabilities.legacyClient?.path)
            for _ in 0..<count {
                try await sandbox.withFreshEngine { engine in
                    let build = Command(client, ["-H", engine.host, "build", "-q", project.path], environment: ["DOCKER_BUILDKIT": "0"])
                    let result = try await sandbox.runner.run(build)
                    #expect(result.succeeded, "\(result.tail(5))")
                }
            }
            let traffic = await cache.traffic(runner: sandbox.runner)
            let log = (try? String(contentsOfFile: cache.configuration.accessLog, encoding: .utf8)) ?? ""
            let throttled = cache.throttle.map { $0.port == cache.rules.redirectPort } ?? false
            await sandbox.stop()
            return (log, traffic, throttled)
        } catch {
            await sandbox.stop()
            throw error
        }
    }
}
