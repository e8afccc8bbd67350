import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The CI system's cache service (actions/cache, GitLab's `cache:`) as a runner reaches it: over its network.
/// An archive is uploaded to, or downloaded from, a loopback server in the run's namespace through a
/// `ThrottlingProxy` with the run's network profile, so a restore or a save takes what the link's bandwidth and
/// latency make it take, measured on real bytes. Each transfer is one request and one answer, as an HTTP exchange:
/// two one-way delays plus bytes / rate at least.
package struct CacheServiceLink: Sendable {
    /// nil or unthrottled: plain loopback.
    package let profile: NetworkProfile?
    /// Where both ends live (the run's); nil: this process's own loopback.
    package let namespace: NetworkNamespace?

    package init(profile: NetworkProfile?, namespace: NetworkNamespace? = nil) {
        self.profile = profile.flatMap { $0.isUnthrottled ? nil : $0 }
        self.namespace = namespace
    }

    /// What one transfer moved: the bytes that crossed the link (the archive, without the request's framing).
    package struct Transfer: Sendable, Equatable {
        package var bytes: Int64
        package var seconds: Double
    }

    /// How the link is described in a phase's output.
    package var summary: String { profile?.summary ?? "unthrottled loopback" }

    /// Fetches the service's `stored` archive into the runner's `local` file.
    package func download(_ stored: String, to local: String) async throws -> Transfer {
        try await exchange(server: .serve(stored), client: .receive(into: local))
    }

    /// Sends the runner's `local` archive to the service, which keeps it as `stored` once all of it has arrived
    /// (written beside it, then renamed: a failed upload leaves the previous archive, as a CI cache does).
    package func upload(_ local: String, to stored: String) async throws -> Transfer {
        try await exchange(server: .receive(into: stored), client: .serve(local))
    }

    /// One end's part: send a file's bytes (after an 8-byte length), or receive them into a file.
    enum Role: Sendable {
        case serve(String)
        case receive(into: String)
    }

    /// Starts the service's end on a fresh listener, the proxy before it, and runs the runner's end; both run on
    /// threads of their own (a slow link must not hold a cooperative thread). Cancelling shuts the sockets.
    func exchange(server: Role, client: Role) async throws -> Transfer {
        let listener = try Self.listen(in: namespace)
        let sockets = SocketSet([listener.fd])
        let proxy: ThrottlingProxy?
        do {
            proxy = try profile.map { try ThrottlingProxy(upstreamPort: listener.port, profile: $0, namespace: namespace) }
        } catch {
            sockets.closeAll()
            throw error
        }
        defer {
            proxy?.stop()
            sockets.closeAll()
        }
        let port = proxy?.port ?? listener.port
        let runNamespace = namespace
        let started = Date()
        let served = Self.onThread { () throws -> Int64 in
            let connection = accept(listener.fd, nil, nil)
            guard connection >= 0 else { throw CacheServiceError.transfer("the cache service accepted no connection") }
            sockets.insert(connection)
            // A failing service hangs up, so the runner's end never waits for bytes that will not come.
            defer { shutdown(connection, Int32(SHUT_RDWR)) }
            return try Self.run(server, on: connection, answering: true)
        }
        let bytes = try await withTaskCancellationHandler {
            let fetched = Self.onThread { () throws -> Int64 in
                let fd = LoopbackHTTP.tcpSocket(in: runNamespace)
                guard fd >= 0 else { throw CacheServiceError.transfer("cannot open a socket: \(String(cString: strerror(errno)))") }
                sockets.insert(fd)
                var address = LoopbackHTTP.loopback(port: port)
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard connected == 0 else { throw CacheServiceError.transfer("cannot reach the cache service on port \(port)") }
                return try Self.run(client, on: fd, answering: false)
            }
            let clientBytes = try await fetched.value
            let serverBytes = try await served.value
            return max(clientBytes, serverBytes)
        } onCancel: {
            sockets.shutdownAll()
        }
        return Transfer(bytes: bytes, seconds: Date().timeIntervalSince(started))
    }

    /// One end of the exchange on a connected socket. The side that receives the archive answers with one byte
    /// once it has all of it, so an upload ends when the service has the archive, not when the runner sent it.
    /// The downloading client first sends a one-byte request. Returns the archive's bytes.
    static func run(_ role: Role, on fd: Int32, answering isServer: Bool) throws -> Int64 {
        switch role {
        case .serve(let path):
            if isServer { try expectByte(on: fd, what: "request") } else { try sendAll([0x47], on: fd) }  // "G"
            guard let file = FileHandle(forReadingAtPath: path) else { throw CacheServiceError.transfer("cannot read \(path)") }
            defer { try? file.close() }
            let size = Int64(try file.seekToEnd())
            try file.seek(toOffset: 0)
            try sendAll(withUnsafeBytes(of: UInt64(size).bigEndian, Array.init), on: fd)
            var sent: Int64 = 0
            while let chunk = try file.read(upToCount: 256 * 1024), !chunk.isEmpty {
                try sendAll(Array(chunk), on: fd)
                sent += Int64(chunk.count)
            }
            guard sent == size else { throw CacheServiceError.transfer("\(path) changed while it was sent") }
            if isServer { shutdown(fd, Int32(SHUT_WR)) } else { try expectByte(on: fd, what: "acknowledgement") }
            return sent
        case .receive(let path):
            if !isServer { try sendAll([0x47], on: fd) } else { try expectByte(on: fd, what: "request") }
            let header = try receive(exactly: 8, on: fd)
            let size = header.reduce(Int64(0)) { $0 << 8 | Int64($1) }
            let partial = path + ".partial"
            guard FileManager.default.createFile(atPath: partial, contents: nil),
                  let file = FileHandle(forWritingAtPath: partial) else { throw CacheServiceError.transfer("cannot write \(partial)") }
            var received: Int64 = 0
            var buffer = [UInt8](repeating: 0, count: 256 * 1024)
            do {
                defer { try? file.close() }
                while received < size {
                    let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, min($0.count, Int(size - received)), 0) }
                    guard n > 0 else { throw CacheServiceError.transfer("the connection closed after \(received) of \(size) bytes") }
                    try file.write(contentsOf: buffer[0..<n])
                    received += Int64(n)
                }
            } catch {
                try? FileManager.default.removeItem(atPath: partial)
                throw error
            }
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
            if isServer { try sendAll([0x4B], on: fd) }  // "K": the service has it all
            shutdown(fd, Int32(SHUT_WR))
            return received
        }
    }

    /// The first byte a peer sends: a request ("G"), or an upload's acknowledgement ("K").
    static func expectByte(on fd: Int32, what: String) throws {
        _ = try receive(exactly: 1, on: fd, what: what)
    }

    static func receive(exactly count: Int, on fd: Int32, what: String = "archive header") throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + filled, count - filled, 0) }
            guard n > 0 else { throw CacheServiceError.transfer("the connection closed before the \(what)") }
            filled += n
        }
        return bytes
    }

    static func sendAll(_ bytes: [UInt8], on fd: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw CacheServiceError.transfer("the connection closed while sending: \(String(cString: strerror(errno)))") }
            offset += n
        }
    }

    /// A listening socket on 127.0.0.1, port chosen by the kernel, in `namespace`.
    static func listen(in namespace: NetworkNamespace?) throws -> (fd: Int32, port: Int) {
        let fd = LoopbackHTTP.tcpSocket(in: namespace)
        guard fd >= 0 else { throw CacheServiceError.transfer("cannot open a socket: \(String(cString: strerror(errno)))") }
        var address = LoopbackHTTP.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && Glibc.listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else {
            close(fd)
            throw CacheServiceError.transfer("cannot listen on loopback: \(String(cString: strerror(errno)))")
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Runs blocking `body` on a thread of its own; the task's value is its result.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) -> Task<T, any Error> {
        Task {
            try await withCheckedThrowingContinuation { continuation in
                Thread { continuation.resume(with: Result { try body() }) }.start()
            }
        }
    }
}
