import BuildEngine
import Foundation
import Testing

/// The network emulation over real loopback sockets: bytes arrive intact, and never faster than the limit
/// (a lower bound only: a loaded machine can make it slower, never faster).
struct ThrottlingProxyTests {
    @Test func relaysBothWaysAndHonoursTheRate() throws {
        let server = try EchoServer()
        defer { server.stop() }
        // 4 Mbit/s = 500 kB/s; 1 MB each way must take at least 2 s.
        let proxy = try ThrottlingProxy(upstreamPort: server.port,
                                        profile: NetworkProfile(name: "test", bytesPerSecond: 500_000, latency: 0.005))
        defer { proxy.stop() }
        let payload = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let started = Date()
        let echoed = try EchoServer.roundTrip(payload, port: proxy.port)
        let elapsed = Date().timeIntervalSince(started)
        #expect(echoed == payload)
        #expect(elapsed >= 1.9, "1 MB through a 500 kB/s link took only \(elapsed) s")
        #expect(proxy.bytesRelayed == (1_000_000, 1_000_000))
    }

    /// Two proxies on one link (the registry's and the pull-through cache's) share its bandwidth: 1 MB each way
    /// through each at once is 2 MB per direction on a 500 kB/s link, so at least 4 s.
    @Test func proxiesSharingALinkShareItsBandwidth() throws {
        let server = try EchoServer()
        defer { server.stop() }
        let first = try ThrottlingProxy(upstreamPort: server.port, profile: NetworkProfile(name: "test", bytesPerSecond: 500_000, latency: 0.005))
        defer { first.stop() }
        let second = try ThrottlingProxy(upstreamPort: server.port, profile: NetworkProfile(name: "other", bytesPerSecond: 1e9, latency: 0),
                                         sharingLinkWith: first)
        defer { second.stop() }
        #expect(second.profile == first.profile, "the shared link's profile wins")
        let payload = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 17) }
        let started = Date()
        let done = NSCondition()
        nonisolated(unsafe) var otherFinished = false
        let waiter = Thread {
            _ = try? EchoServer.roundTrip(payload, port: second.port)
            done.withLock { otherFinished = true; done.signal() }
        }
        waiter.start()
        let echoed = try EchoServer.roundTrip(payload, port: first.port)
        done.withLock { while !otherFinished { done.wait() } }
        let elapsed = Date().timeIntervalSince(started)
        #expect(echoed == payload)
        #expect(second.bytesRelayed == (1_000_000, 1_000_000))
        #expect(elapsed >= 3.9, "2 MB each way through one 500 kB/s link took only \(elapsed) s")
    }

    /// The CI cache's archive crosses the link: 1 MB up, then down, at 500 kB/s takes at least 2 s each way, plus
    /// a one-way delay for the request and one for the answer; the bytes arrive intact.
    @Test func ciCacheArchivesCrossTheLinkAtItsRate() async throws {
        let scratch = try Integration.temporaryDirectory(prefix: "cb-test-cilink-")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let payload = Data((0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        let local = scratch.appendingPathComponent("runner.tar").path
        let stored = scratch.appendingPathComponent("store.tar").path
        try payload.write(to: URL(fileURLWithPath: local))
        let link = CacheServiceLink(profile: NetworkProfile(name: "test", bytesPerSecond: 500_000, latency: 0.05))
        #expect(link.summary == "test: 4 Mbit/s, 50 ms each way")
        let up = try await link.upload(local, to: stored)
        #expect(up.bytes == 1_000_000)
        #expect(try Data(contentsOf: URL(fileURLWithPath: stored)) == payload)
        #expect(up.seconds >= 2.0 + 0.1, "1 MB up a 500 kB/s, 50 ms link took only \(up.seconds) s")
        try FileManager.default.removeItem(atPath: local)
        let down = try await link.download(stored, to: local)
        #expect(down.bytes == 1_000_000)
        #expect(try Data(contentsOf: URL(fileURLWithPath: local)) == payload)
        #expect(down.seconds >= 2.0 + 0.1, "1 MB down a 500 kB/s, 50 ms link took only \(down.seconds) s")
        #expect(!FileManager.default.fileExists(atPath: local + ".partial"))
        // A missing archive fails with a message, and leaves nothing half-written.
        await #expect(throws: CacheServiceError.self) {
            try await link.download(scratch.appendingPathComponent("absent.tar").path, to: scratch.appendingPathComponent("got.tar").path)
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.appendingPathComponent("got.tar").path))
    }
}

/// A loopback echo server on its own thread.
final class EchoServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        try #require(ok)
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        Thread {
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                Thread {
                    var buffer = [UInt8](repeating: 0, count: 65536)
                    while true {
                        let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                        if n <= 0 { break }
                        _ = buffer.withUnsafeBytes { send(client, $0.baseAddress, n, Int32(MSG_NOSIGNAL)) }
                    }
                    close(client)
                }.start()
            }
        }.start()
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// Sends `payload` and reads back as many bytes.
    static func roundTrip(_ payload: [UInt8], port: Int) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        let sender = Thread {
            var offset = 0
            while offset < payload.count {
                let sent = payload.withUnsafeBytes { send(fd, $0.baseAddress! + offset, min(65536, payload.count - offset), Int32(MSG_NOSIGNAL)) }
                if sent <= 0 { return }
                offset += sent
            }
        }
        sender.start()
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while received.count < payload.count {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received.append(contentsOf: buffer[0..<n])
        }
        return received
    }
}
