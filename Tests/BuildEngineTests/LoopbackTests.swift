@testable import BuildEngine
import CacheBenchTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A listening loopback socket opened by the test itself; answers at most one request with `reply`.
final class TestListener: @unchecked Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw POSIXError(.EIO) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socketFD, 8) == 0 else { _ = close(socketFD); throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &len) }
        }
        fd = socketFD
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Accepts one connection on a background thread, reads the request head, writes `reply`, closes.
    func serveOnce(_ reply: String) -> Thread {
        let fd = self.fd
        let thread = Thread {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            var request: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while request.firstRange(of: Array("\r\n\r\n".utf8)) == nil {
                let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                if n <= 0 { break }
                request.append(contentsOf: buffer[0..<n])
            }
            let bytes = Array(reply.utf8)
            _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) }
            close(client)
        }
        thread.start()
        return thread
    }

    func stop() { _ = close(fd) }
}

@Suite struct LoopbackHTTPTests {
    @Test func parseStatusAndBody() throws {
        let reply = try #require(LoopbackHTTP.parse(Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"a\":1}".utf8)))
        #expect(reply.status == 200)
        #expect(reply.body == Array("{\"a\":1}".utf8))
    }

    @Test func parseEmptyBody() throws {
        let reply = try #require(LoopbackHTTP.parse(Array("HTTP/1.0 404 Not Found\r\n\r\n".utf8)))
        #expect(reply.status == 404)
        #expect(reply.body.isEmpty)
    }

    @Test func parseRejectsIncompleteOrGarbage() {
        #expect(LoopbackHTTP.parse(Array("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n".utf8)) == nil)
        #expect(LoopbackHTTP.parse(Array("garbage\r\n\r\n".utf8)) == nil)
        #expect(LoopbackHTTP.parse(Array("HTTP/1.1 abc OK\r\n\r\n".utf8)) == nil)
        #expect(LoopbackHTTP.parse([]) == nil)
    }

    @Test func isListeningSeesOurSocketAndNotAfterClose() throws {
        let listener = try TestListener()
        #expect(LoopbackHTTP.isListening(port: listener.port))
        listener.stop()
        #expect(!LoopbackHTTP.isListening(port: listener.port))
    }

    @Test func freePortIsNotListening() throws {
        let port = try #require(LoopbackHTTP.freePort())
        #expect(port > 0 && port < 65536)
        #expect(!LoopbackHTTP.isListening(port: port))
    }

    @Test func getReadsAReplyFromOurServer() throws {
        let listener = try TestListener()
        defer { listener.stop() }
        _ = listener.serveOnce("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello")
        let reply = try #require(LoopbackHTTP.get(port: listener.port, path: "/v2/"))
        #expect(reply.status == 200)
        #expect(String(decoding: reply.body, as: UTF8.self) == "hello")
    }

    @Test func getWithNothingListeningIsNil() throws {
        let port = try #require(LoopbackHTTP.freePort())
        #expect(LoopbackHTTP.get(port: port, path: "/v2/", timeout: 1) == nil)
    }
}

/// A namespace that is gone is named as the cause, not taken for a registry or proxy that never answered.
@Suite struct MissingNamespaceTests {
    let gone = NetworkNamespace(name: "cachebench-test-gone-\(getpid())")

    @Test func registryStartSaysTheNamespaceIsUnavailable() async throws {
        let scratch = try ScratchDirectory()
        await #expect {
            try await RegistryServer.start(stateDirectory: "\(scratch.path)/state", storageDirectory: "\(scratch.path)/storage",
                                           executable: "/bin/false", namespace: gone, runner: SubprocessRunner(), timeout: 1)
        } throws: { error in
            guard case EngineError.namespaceUnavailable(let reason) = error else { return false }
            return reason.contains(gone.name)
        }
        // Nothing was written for a registry that could not start.
        #expect(!FileManager.default.fileExists(atPath: "\(scratch.path)/state"))
    }

    @Test func throttlingProxySaysTheNamespaceIsUnavailable() throws {
        #expect {
            try ThrottlingProxy(upstreamPort: 1, profile: NetworkProfile.parse("office")!, namespace: gone)
        } throws: { error in
            guard case EngineError.namespaceUnavailable = error else { return false }
            return true
        }
    }
}

@Suite struct ReplayProcessRunnerTests {
    @Test func firstMatchingRuleAnswersAndCommandsAreRecorded() async throws {
        let replay = ReplayProcessRunner()
        replay.on(arguments: ["pull"], exitCode: 1, text: "manifest unknown", stream: .stderr, times: 1)
        replay.on(arguments: ["pull"], log: "a: Pulling fs layer\nDigest: sha256:1\n")
        let seen = LineBox()
        let first = try await replay.run(Command("docker", ["pull", "x"])) { seen.append($0) }
        let second = try await replay.run(Command("docker", ["pull", "x"])) { seen.append($0) }
        #expect(first.exitCode == 1)
        #expect(first.lines == [OutputLine(stream: .stderr, at: 0.01, text: "manifest unknown")])
        #expect(second.exitCode == 0)
        #expect(second.lines.map(\.text) == ["a: Pulling fs layer", "Digest: sha256:1"])
        #expect(second.lines.map(\.at) == [0.01, 0.02])
        #expect(second.wallSeconds == 0.02)
        #expect(seen.lines.map(\.text) == ["manifest unknown", "a: Pulling fs layer", "Digest: sha256:1"])
        #expect(replay.commands == [Command("docker", ["pull", "x"]), Command("docker", ["pull", "x"])])
    }

    @Test func unmatchedCommandExits127WithAMessage() async throws {
        let replay = ReplayProcessRunner()
        let result = try await replay.run(Command("docker", ["push", "a b"]))
        #expect(result.exitCode == 127)
        #expect(result.output == "ReplayProcessRunner: no rule answers `docker push 'a b'`")
        #expect(replay.unmatched == [Command("docker", ["push", "a b"])])
    }

    @Test func unmatchedCommandThrowsWhenAskedTo() async throws {
        let replay = ReplayProcessRunner(throwOnUnmatched: true)
        await #expect(throws: EngineError.self) { try await replay.run(Command("docker", ["push"])) }
        #expect(replay.commands.count == 1)
    }

    @Test func linesFromLogKeepEmptyLinesAndDropCR() {
        let lines = ReplayProcessRunner.lines(fromLog: "a\r\n\nb", interval: 0.5)
        #expect(lines == [OutputLine(stream: .stdout, at: 0.5, text: "a"), OutputLine(stream: .stdout, at: 1.0, text: ""),
                          OutputLine(stream: .stdout, at: 1.5, text: "b")])
    }

    @Test func runCheckedThrowsCommandFailedWithTheTail() async throws {
        let replay = ReplayProcessRunner()
        replay.on(arguments: ["push"], log: "one\ntwo\nunauthorized\n", exitCode: 1)
        await #expect(throws: EngineError.commandFailed(what: "pushing", command: "docker push x", exitCode: 1,
                                                        tail: "one | two | unauthorized", hint: "Log in.")) {
            try await replay.runChecked(Command("docker", ["push", "x"]), what: "pushing", hint: "Log in.")
        }
    }
}
