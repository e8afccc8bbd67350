import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP (layer 4) proxy on 127.0.0.1 that forwards to the registry with a bandwidth limit and a one-way
/// delay in each direction. Pulls, pushes and the mirror work through it unchanged: the registry builds its
/// upload URLs from the Host header, which still names the proxy.
package final class ThrottlingProxy: @unchecked Sendable {
    package let port: Int
    package let profile: NetworkProfile
    let upstreamPort: Int
    private let listener: Int32
    private let lock = NSLock()
    private var sockets: Set<Int32> = []
    private var stopped = false
    private let upload: TokenBucket
    private let download: TokenBucket
    private let sent = ByteCounter()
    private let received = ByteCounter()

    /// Bytes relayed so far: from clients to the upstream, and from the upstream back to clients.
    package var bytesRelayed: (toUpstream: Int64, fromUpstream: Int64) { (sent.value, received.value) }

    package var address: String { "127.0.0.1:\(port)" }

    /// The namespace both ends live in (the run's); nil for this process's own loopback.
    let namespace: NetworkNamespace?

    /// - Parameter listenOnAllAddresses: listen on 0.0.0.0 (in the namespace), for connections that
    ///   iptables redirects from the builds' bridge; the upstream is still 127.0.0.1.
    /// - Parameter sharingLinkWith: another proxy whose bandwidth this one shares (one runner, one link to
    ///   several servers); its profile is used.
    package init(upstreamPort: Int, profile: NetworkProfile, namespace: NetworkNamespace? = nil,
                 listenOnAllAddresses: Bool = false, sharingLinkWith other: ThrottlingProxy? = nil) throws {
        self.upstreamPort = upstreamPort
        self.namespace = namespace
        self.profile = other?.profile ?? profile
        upload = other?.upload ?? TokenBucket(bytesPerSecond: profile.bytesPerSecond)
        download = other?.download ?? TokenBucket(bytesPerSecond: profile.bytesPerSecond)
        let fd = try namespace.map { namespace in try namespace.enter { socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0) } }
            ?? socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw EngineError.cannotStart(command: "network proxy", reason: String(cString: strerror(errno))) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = LoopbackHTTP.loopback(port: 0)
        if listenOnAllAddresses { addr.sin_addr = in_addr(s_addr: INADDR_ANY) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, len) == 0 && listen(fd, 128) == 0 && getsockname(fd, $0, &len) == 0
            }
        }
        guard ok else {
            close(fd)
            throw EngineError.cannotStart(command: "network proxy", reason: String(cString: strerror(errno)))
        }
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "cachebench.proxy.accept"
        thread.start()
    }

    /// Closes the listener and every connection.
    package func stop() {
        let all = lock.withLock { () -> Set<Int32> in
            stopped = true
            return sockets
        }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in all { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let upstream = LoopbackHTTP.tcpSocket(in: namespace)
            var addr = LoopbackHTTP.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            let accepted = lock.withLock { () -> Bool in
                guard !stopped, connected == 0 else { return false }
                sockets.insert(client)
                sockets.insert(upstream)
                return true
            }
            guard accepted else {
                close(client)
                close(upstream)
                continue
            }
            let finished = Countdown(2) { [self] in
                lock.withLock {
                    sockets.remove(client)
                    sockets.remove(upstream)
                }
                close(client)
                close(upstream)
            }
            Pipe.start(from: client, to: upstream, bucket: upload, latency: profile.latency, counter: sent, done: finished)
            Pipe.start(from: upstream, to: client, bucket: download, latency: profile.latency, counter: received, done: finished)
        }
    }

}

/// Bandwidth shared by every connection in one direction, like one link.
final class TokenBucket: @unchecked Sendable {
    private let lock = NSLock()
    private let rate: Double?
    private var nextFree = Date.distantPast

    init(bytesPerSecond: Double?) { rate = bytesPerSecond }

    /// When `bytes` may be sent, no earlier than `notBefore`.
    func reserve(_ bytes: Int, notBefore: Date) -> Date {
        guard let rate else { return notBefore }
        return lock.withLock {
            let start = max(notBefore, nextFree)
            nextFree = start.addingTimeInterval(Double(bytes) / rate)
            return nextFree
        }
    }
}

/// Bytes that went one way through a proxy, across all its connections.
final class ByteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var total: Int64 = 0

    var value: Int64 { lock.withLock { total } }
    func add(_ bytes: Int) { lock.withLock { total += Int64(bytes) } }
}

/// Runs `action` once `count` calls to `tick` have happened.
final class Countdown: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: Int
    private let action: @Sendable () -> Void

    init(_ count: Int, action: @escaping @Sendable () -> Void) {
        remaining = count
        self.action = action
    }

    func tick() {
        let fire = lock.withLock { () -> Bool in
            remaining -= 1
            return remaining == 0
        }
        if fire { action() }
    }
}

/// One direction of a connection: a reader stamps each chunk with when it may arrive (delay, then
/// bandwidth), a writer sends it then, so latency does not cut throughput.
enum Pipe {
    static func start(from source: Int32, to sink: Int32, bucket: TokenBucket, latency: Double, counter: ByteCounter,
                      done: Countdown) {
        let queue = ChunkQueue()
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let n = buffer.withUnsafeMutableBytes { recv(source, $0.baseAddress, $0.count, 0) }
                if n <= 0 { break }
                let due = bucket.reserve(n, notBefore: Date().addingTimeInterval(latency))
                queue.push(Array(buffer[0..<n]), due: due)
            }
            queue.close()
        }
        let writer = Thread {
            while let (chunk, due) = queue.pop() {
                let wait = due.timeIntervalSinceNow
                if wait > 0 { usleep(useconds_t(min(wait, 10) * 1_000_000)) }
                var offset = 0
                while offset < chunk.count {
                    let sent = chunk.withUnsafeBytes { send(sink, $0.baseAddress! + offset, chunk.count - offset, Int32(MSG_NOSIGNAL)) }
                    if sent <= 0 { break }
                    offset += sent
                }
                counter.add(offset)
                if offset < chunk.count { break }
            }
            shutdown(sink, Int32(SHUT_WR))
            done.tick()
        }
        reader.start()
        writer.start()
    }
}

/// A blocking FIFO of chunks between a pipe's reader and writer.
final class ChunkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [([UInt8], Date)] = []
    private var closed = false

    func push(_ chunk: [UInt8], due: Date) {
        condition.withLock {
            items.append((chunk, due))
            condition.signal()
        }
    }

    func close() {
        condition.withLock {
            closed = true
            condition.signal()
        }
    }

    func pop() -> ([UInt8], Date)? {
        condition.withLock {
            while items.isEmpty && !closed { condition.wait() }
            return items.isEmpty ? nil : items.removeFirst()
        }
    }
}
