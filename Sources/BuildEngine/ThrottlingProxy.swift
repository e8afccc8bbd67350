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
