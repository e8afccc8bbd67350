@testable import BenchReports
import Testing

/// The report's line about the builds' own downloads, from a run's stored options.
@Suite struct PackageCacheNoteTests {
    @Test func statesTheModeAndWhatTheBuildsDid() {
        let options = ["packageCache": "on: cached", "packageCacheTraffic": "2 http connection(s); 1 https connection(s)"]
        #expect(PackageCacheNote.line(options: options) == "package cache on: cached. Builds: 2 http connection(s); 1 https connection(s)")
        #expect(PackageCacheNote.line(options: ["packageCache": "off: internet"]) == "package cache off: internet")
        let https = ["packageCache": "on: cached", "packageCacheHttpsBuilds": "none · cold · iteration 2 (3)"]
        #expect(PackageCacheNote.line(options: https)
                == "package cache on: cached. Builds that fetched over https (connections): none · cold · iteration 2 (3)")
    }

    @Test func runsStoredBeforeTheOptionHaveNoLine() {
        #expect(PackageCacheNote.line(options: ["strategies":"naive"]) == nil)
    }
}
