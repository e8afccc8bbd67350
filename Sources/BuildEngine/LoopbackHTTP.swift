import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Minimal loopback networking: free-port discovery and a plain HTTP/1.0 GET, enough to
/// probe the local registry without pulling in an HTTP client stack.
package enum LoopbackHTTP {
    /// A port that nothing listens on right now (the kernel picks it).
    package static func freePort(in namespace: NetworkNamespace? = nil) -> Int? {
        let fd = tcpSocket(in: namespace)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var addr = loopback(port: 0)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { return nil }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// True when something already listens on 127.0.0.1:`port`.
    package static func isListening(port: Int, in namespace: NetworkNamespace? = nil) -> Bool {
        let fd = tcpSocket(in: namespace)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = loopback(port: port)
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// GET `path` from 127.0.0.1:`port`; returns the status code and body, or nil when nothing answers.
    package static func get(port: Int, path: String, accept: String? = nil, timeout: Int = 5,
                            in namespace: NetworkNamespace? = nil) -> (status: Int, body: [UInt8])? {
        let fd = tcpSocket(in: namespace)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = loopback(port: port)
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        var request = "GET \(path) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\n"
        if let accept { request += "Accept: \(accept)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        guard bytes.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == bytes.count else { return nil }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            response.append(contentsOf: buffer[0..<n])
        }
        return parse(response)
    }

    /// A TCP socket of `namespace` (the run's), or of this process's own namespace; -1 on failure.
    static func tcpSocket(in namespace: NetworkNamespace?) -> Int32 {
        within(namespace) { socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0) } ?? -1
    }

    static func parse(_ response: [UInt8]) -> (status: Int, body: [UInt8])? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let headerEnd = response.firstRange(of: separator) else { return nil }
        let head = String(decoding: response[..<headerEnd.lowerBound], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n").first ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        return (status, Array(response[headerEnd.upperBound...]))
    }

    static func loopback(port: Int) -> sockaddr_in {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        return addr
    }
}
