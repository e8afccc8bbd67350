import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
