@testable import BuildEngine
import CacheBenchTestSupport
import Foundation
import Testing

/// apt's real output on failures, captured on Debian 12 (apt 2.6.1) with cachebench's private state,
/// turned into the error that says what to do.
struct EngineFetchFailureTests {
    static let connectionRefused = """
        Err:1 http://127.0.0.1:9/debian trixie InRelease
          Could not connect to 127.0.0.1:9 (127.0.0.1). - connect (111: Connection refused)
        Reading package lists...
        E: Failed to fetch http://127.0.0.1:9/debian/dists/trixie/InRelease  Could not connect to 127.0.0.1:9 (127.0.0.1). - connect (111: Connection refused)
        E: Some index files failed to download. They have been ignored, or old ones used instead.
        """

    static let unknownHost = """
        Err:1 http://no-such-host.invalid/debian trixie InRelease
          Could not resolve 'no-such-host.invalid'
        Reading package lists...
        E: Failed to fetch http://no-such-host.invalid/debian/dists/trixie/InRelease  Could not resolve 'no-such-host.invalid'
        E: Some index files failed to download. They have been ignored, or old ones used instead.
        """

    /// signed-by a keyring without Debian's keys.
    static let wrongKeyring = """
        Get:1 http://deb.debian.org/debian trixie InRelease [140 kB]
        Err:1 http://deb.debian.org/debian trixie InRelease
          The following signatures couldn't be verified because the public key is not available: NO_PUBKEY 6ED0E7B82643E131 NO_PUBKEY 78DBA3BC47EF2265 NO_PUBKEY 762F67A0B2C39DE4
        Reading package lists...
        W: GPG error: http://deb.debian.org/debian trixie InRelease: The following signatures couldn't be verified because the public key is not available: NO_PUBKEY 6ED0E7B82643E131 NO_PUBKEY 78DBA3BC47EF2265 NO_PUBKEY 762F67A0B2C39DE4
        E: The repository 'http://deb.debian.org/debian trixie InRelease' is not signed.
        """

    /// `apt-helper download-file` of a path the mirror does not serve.
    static let badPath = """
        Err:1 http://deb.debian.org/debianx/dists/trixie/InRelease
          400  Bad Request [IP: 203.0.113.80 80]
        E: Failed to fetch http://deb.debian.org/debianx/dists/trixie/InRelease  400  Bad Request [IP: 203.0.113.80 80]
        E: Download Failed
        """

    static func result(_ log: String, exitCode: Int32 = 100) -> CommandResult {
        CommandResult(command: Command("apt-get", ["update", "--error-on=any"]), exitCode: exitCode, wallSeconds: 0.1,
                      lines: ReplayProcessRunner.lines(fromLog: log))
    }

    static let keyring = "/usr/share/keyrings/debian-archive-keyring.gpg"

    @Test func unreachableMirror() throws {
        let error = DebianEngineFetcher.failure(of: Self.result(Self.connectionRefused), mirror: "http://127.0.0.1:9/debian", keyring: Self.keyring)
        #expect(error == .mirrorUnreachable(mirror: "http://127.0.0.1:9/debian",
                                            detail: "Could not connect to 127.0.0.1:9 (127.0.0.1). - connect (111: Connection refused)"))
        let message = try #require(error.errorDescription)
        #expect(message.contains("curl -sI http://127.0.0.1:9/debian/dists/trixie/InRelease"))
        #expect(!message.contains("\n"))
        let dns = DebianEngineFetcher.failure(of: Self.result(Self.unknownHost), mirror: "http://no-such-host.invalid/debian", keyring: Self.keyring)
        #expect(dns == .mirrorUnreachable(mirror: "http://no-such-host.invalid/debian", detail: "Could not resolve 'no-such-host.invalid'"))
    }

    @Test func unverifiedSignatureNeverFallsBackToTrustingTheMirror() {
        let error = DebianEngineFetcher.failure(of: Self.result(Self.wrongKeyring), mirror: "http://deb.debian.org/debian", keyring: "/k.gpg")
        guard case .signatureUnverified(_, let keyring, let detail) = error else {
            Issue.record("expected a signature error, got \(error)")
            return
        }
        #expect(keyring == "/k.gpg")
        #expect(detail.hasPrefix("The following signatures couldn't be verified"))
        #expect(error.errorDescription?.contains("apt-get install debian-archive-keyring") == true)
    }

    @Test func mirrorWithoutTheSuite() {
        let error = DebianEngineFetcher.failure(of: Self.result(Self.badPath), mirror: "http://deb.debian.org/debianx", keyring: Self.keyring)
        #expect(error == .suiteMissing(mirror: "http://deb.debian.org/debianx", suite: "trixie",
                                       detail: "400  Bad Request [IP: 203.0.113.80 80]"))
    }

    @Test func unknownFailureKeepsAptsLastError() {
        let error = DebianEngineFetcher.failure(of: Self.result("E: Unable to locate package docker-buildx"), mirror: "m", keyring: "k")
        #expect(error == .aptFailed(command: "apt-get update --error-on=any", detail: "Unable to locate package docker-buildx"))
    }

    /// The mirror refuses: the error names it, and nothing is left in the cache dir but the private apt state.
    @Test func unreachableMirrorStoresNothing() async throws {
        guard ExecutableLookup.find("apt-get") != nil, ExecutableLookup.find("dpkg-deb") != nil else {
            Issue.record("needs apt-get and dpkg-deb (Debian's apt and dpkg)")
            return
        }
        let cache = try ScratchDirectory()
        let replay = ReplayProcessRunner()
        replay.on(arguments: ["update"], log: Self.connectionRefused, exitCode: 100)
        let fetcher = DebianEngineFetcher(cacheDirectory: cache.path, mirror: "http://127.0.0.1:9/debian")
        await #expect(throws: EngineSetupError.self) {
            try await fetcher.ensure(runner: replay) { _ in }
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: fetcher.directory).sorted()
        #expect(left == [".lock", "apt"])
        #expect(!replay.commands.contains { $0.arguments.first == "download" })
        #expect(try await fetcher.installed(runner: SubprocessRunner()) == nil)
    }
}
