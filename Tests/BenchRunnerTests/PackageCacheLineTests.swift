@testable import BenchRunner
import BuildEngine
import Testing

/// The end-of-run line about the package cache, which the report repeats.
@Suite struct PackageCacheLineTests {
    @Test func httpsConnectionsAreCalledOut() {
        let line = RunSession.packageCacheLine(traffic: PackageCacheTraffic(httpConnections: 4, httpsConnections: 2),
                                               log: PackageCacheLog(hits: 42, misses: 3))
        #expect(line == "4 http connection(s), 42 requests served from the cache, 3 from the internet; "
                + "2 https connection(s) that it cannot cache: those downloads stay noisy")
    }

    @Test func noHttpsAndUnreadableCounters() {
        #expect(RunSession.packageCacheLine(traffic: PackageCacheTraffic(httpConnections: 1, httpsConnections: 0),
                                            log: PackageCacheLog(hits: 0, misses: 5))
                == "1 http connection(s), 0 requests served from the cache, 5 from the internet; no https connections")
        #expect(RunSession.packageCacheLine(traffic: nil, log: PackageCacheLog())
                == "0 requests served from the cache, 0 from the internet; connection counters unavailable")
    }
}
