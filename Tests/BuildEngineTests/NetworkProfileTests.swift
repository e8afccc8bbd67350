import BuildEngine
import Testing

@Suite struct NetworkProfileTests {
    @Test func namedProfiles() throws {
        let office = try #require(NetworkProfile.parse("office"))
        #expect(office.bytesPerSecond == 6_250_000.0)
        #expect(office.latency == 0.020)
        #expect(try #require(NetworkProfile.parse("local")).isUnthrottled)
    }

    static let rates: [(String, Double, Double)] = [("100mbit:15ms", 12_500_000, 0.015), ("1gbit:0ms", 125_000_000, 0),
                                                    ("512kbit:80ms", 64_000, 0.08)]

    @Test(arguments: rates)
    func rateAndLatency(text: String, bytesPerSecond: Double, latency: Double) throws {
        let profile = try #require(NetworkProfile.parse(text))
        #expect(profile.bytesPerSecond == bytesPerSecond)
        #expect(abs(profile.latency - latency) < 1e-12)
    }

    @Test(arguments: ["", "fast", "100:15ms", "100mbit", "100mbit:15", "0mbit:5ms", "-5mbit:5ms", "10mbit:-1ms"])
    func rejected(text: String) {
        #expect(NetworkProfile.parse(text) == nil)
    }

    @Test func summary() {
        #expect(NetworkProfile.parse("office")?.summary == "office: 50 Mbit/s, 20 ms each way")
    }
}
