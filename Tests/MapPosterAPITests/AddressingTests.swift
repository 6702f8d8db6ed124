import HTTPTypes
import Logging
import MapStore
import Redis
import Settings
import Testing

@testable import MapPosterAPI

@Suite("Client addresses, networks and limits")
struct AddressingTests {
    @Test func networksMatchTheirHosts() throws {
        let network = try #require(IPNetwork("172.30.57.0/24"))
        #expect(network.contains("172.30.57.200"))
        #expect(!network.contains("172.30.58.1"))
        #expect(network.contains("::ffff:172.30.57.4"))
        let v6 = try #require(IPNetwork("fd00::/8"))
        #expect(v6.contains("fd12::1"))
        #expect(!v6.contains("fe80::1"))
        #expect(IPNetwork("10.0.0.0/33") == nil)
        #expect(IPNetwork("nonsense") == nil)
        #expect(IPNetwork.list("127.0.0.0/8, ::1")?.count == 2)
        #expect(IPNetwork.list("127.0.0.0/8,bad") == nil)
    }

    @Test func resolverTrustsOnlyConfiguredProxies() throws {
        let resolver = ClientAddressResolver(trustedProxies: try #require(IPNetwork.list("10.0.0.0/8")))
        let headers: HTTPFields = [.xForwardedFor: "198.51.100.1, 203.0.113.5, 10.1.1.1", .xRealIP: "192.0.2.3"]
        #expect(resolver.clientAddress(peer: "10.0.0.2", headers: headers) == "203.0.113.5")
        #expect(resolver.clientAddress(peer: "192.0.2.77", headers: headers) == "192.0.2.77")
        #expect(resolver.clientAddress(peer: "10.0.0.2", headers: [.xRealIP: "192.0.2.3"]) == "192.0.2.3")
        #expect(resolver.clientAddress(peer: "10.0.0.2", headers: [.xForwardedFor: "not-an-ip"]) == "10.0.0.2")
        #expect(resolver.clientAddress(peer: nil, headers: headers) == "unknown")
    }

    @Test func rateLimitsParseLikeSlowapi() throws {
        let five = try #require(RateLimit("5/minute"))
        #expect(five.description == "5 per 1 minute")
        #expect(five.windowSeconds == 60)
        #expect(RateLimit("100 per 2 hours")?.windowSeconds == 7200)
        #expect(RateLimit("10/second")?.description == "10 per 1 second")
        #expect(RateLimit("5/fortnight") == nil)
        #expect(RateLimit("-1/minute") == nil)
    }

    @Test(arguments: [
        ("GENERATE_RATE_LIMIT", "lots"), ("PREVIEW_RATE_LIMIT", "0/minute"), ("TRUSTED_PROXIES", "300.0.0.0/8"),
        ("LOG_LEVEL", "loud"), ("MAX_BODY_SIZE", "0"), ("REDIS_URL", "http://redis"), ("GEOCODER", "google"),
        ("S3_ENDPOINT_URL", "minio:9000"),
    ])
    func settingsNameTheMalformedVariable(variable: String, value: String) {
        let error = #expect(throws: SettingError.self) { try APISettings(environment: [variable: value]) }
        #expect(error?.variable == variable)
    }

    @Test func emptyVariablesTakeTheirDefaults() throws {
        let settings = try APISettings(environment: [
            "REDIS_URL": " ", "GENERATE_RATE_LIMIT": "", "TRUSTED_PROXIES": "", "LOG_LEVEL": "", "MAX_BODY_SIZE": "",
            "CELERY_DEFAULT_QUEUE": "", "GEOCODER": "", "OSM_PBF_PATH": "",
        ])
        #expect(settings.redis == (try RedisConfiguration(url: "redis://redis:6379/0")))
        #expect(settings.generateRateLimit == RateLimit("5/minute"))
        #expect(settings.trustedProxies == IPNetwork.loopback)
        #expect(settings.logLevel == .info)
        #expect(settings.maxBodySize == 2 * 1024 * 1024)
        #expect(settings.queue == "celery")
        #expect(settings.nominatim != nil)
        guard case .overpass(_) = settings.mapData.location else {
            Issue.record("an empty OSM_PBF_PATH names no extract: \(settings.mapData.location)")
            return
        }
        #expect(try APISettings(environment: ["GEOCODER": "Offline"]).nominatim == nil)
        #expect(
            try APISettings(environment: ["CELERY_BROKER_URL": "redis://b:1/2", "REDIS_URL": "redis://r"]).redis
                .database == 2)
    }

    @Test func historyCityLabelsAreTheOriginals() {
        #expect(HistoryController.city(fromKey: "new_york_noir_abcd1234.png") == "New")
        #expect(HistoryController.city(fromKey: "saint-etienne_noir_1.png") == "Saint Etienne")
        #expect(HistoryController.city(fromKey: "o'brien_x.png") == "O'Brien")
    }
}
