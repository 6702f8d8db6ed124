import Foundation
import MapFeatures
import MapPosterTesting
import OSM
import Settings
import Testing

/// The Overpass path against `Tests/Servers/osm_server.py`, which answers Overpass QL from the fixture.
@Suite struct OverpassSourceTests {
    static let center = GeoPoint(latitude: 60.1699, longitude: 24.9440)

    static func withServer(_ body: (String) async throws -> Void) async throws {
        let script = ScriptServer.script("osm_server.py")
        try await ScriptServer.run(script, arguments: [try Fixtures.helsinkiPBF.path], body)
    }

    static func source(_ endpoints: [String], attempts: Int = 3, cache: (any FetchCache)? = nil) -> OverpassSource {
        OverpassSource(
            configuration: .init(
                endpoints: endpoints,
                queryTimeout: 25,
                requestTimeout: 20,
                connectTimeout: 2,
                attemptsPerEndpoint: attempts,
                backoff: 0.05,
                cache: cache
            ),
            pool: .testing
        )
    }

    @Test func queriesAreOSMnxShaped() {
        let box = GeoBoundingBox(south: 1, west: 2, north: 3, east: 4)
        let roads = OverpassQuery.roads(in: box, timeout: 180)
        #expect(roads.hasPrefix("[out:json][timeout:180];"))
        #expect(roads.contains(#"way["highway"]["area"!~"yes"]["highway"!~"abandoned|construction|no|"#))
        #expect(roads.contains("(1.0,2.0,3.0,4.0)"))
        let forests = OverpassQuery.features(.forests, in: box, timeout: 60)
        #expect(forests.contains(#"way["landuse"~"^(forest|orchard)$"](1.0,2.0,3.0,4.0);"#))
        #expect(forests.contains(#"relation["natural"~"^(scrub|tree_row|wood)$"]"#))
        #expect(OverpassQuery.features(.cycleways, in: box, timeout: 60).contains(#"way["highway"="cycleway"]"#))
        #expect(forests.hasSuffix("(._;>;);out;"))
    }

    @Test func endpointsComeFromTheEnvironment() {
        let configuration = OverpassSource.Configuration(environment: ["OVERPASS_URL": "http://a/api, http://b/api"])
        #expect(configuration.endpoints == ["http://a/api", "http://b/api"])
        #expect(OverpassSource.Configuration(environment: [:]).endpoints == ["https://overpass-api.de/api"])
    }

    /// Overpass and the local extract give the same roads for the same box.
    @Test func matchesTheLocalExtract() async throws {
        try await Self.withServer { base in
            let layers = [MapDataRequest.Layer(label: "Rail", color: "#f1c40f", filter: .rail)]
            let request = MapDataRequest(center: Self.center, distance: 400, layers: layers)
            let overpass = try await Self.source(["\(base)/ok/api"]).mapData(for: request)
            let local = try await LocalExtractSource(url: try Fixtures.helsinkiPBF, pool: .testing).mapData(
                for: request)
            #expect(overpass.mapData.roads.count > 100)
            #expect(Set(overpass.mapData.roads) == Set(local.mapData.roads))
            #expect(!overpass.mapData.parks.isEmpty)
            #expect(overpass.mapData.layers.first?.lines.isEmpty == false)
            #expect(overpass.warnings.isEmpty)
        }
    }

    /// A box larger than the query limit is fetched tile by tile (here with a tiny limit) and merges to the same
    /// map as one query.
    @Test func largeBoxesAreFetchedInTiles() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "overpass-tiles-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.withServer { base in
            let request = MapDataRequest(center: Self.center, distance: 400)
            let whole = try await Self.source(["\(base)/ok/api"]).mapData(for: request)
            var configuration = Self.source(
                ["\(base)/ok/api"], cache: DirectoryFetchCache(directory: folder, pool: .testing)
            )
            .configuration
            configuration.maximumQueryArea = 0.25
            let tiled = try await OverpassSource(configuration: configuration, pool: .testing).mapData(for: request)
            // Roads: the box grown by 500 m (1.8 km square) in 4 × 4 tiles; water, parks, coastline: 0.8 km in 2 × 2.
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 16 + 3 * 4)
            #expect(tiled.mapData == whole.mapData)
            #expect(tiled.mapData.roads.count > 100)
        }
    }

    @Test func retriesOn429And504ThenFallsBack() async throws {
        try await Self.withServer { base in
            let request = MapDataRequest(center: Self.center, distance: 300)
            let id = UUID().uuidString.replacingOccurrences(of: "-", with: "")
            // Every query's first two attempts get 429: the third succeeds on the same endpoint.
            let flaky = try await Self.source(["\(base)/fail-\(id)-429-8/api"], attempts: 3).mapData(for: request)
            #expect(!flaky.mapData.roads.isEmpty)
            // The first endpoint always answers 504; the second one serves.
            let fallback = try await Self.source(["\(base)/always-504/api", "\(base)/ok/api"], attempts: 2)
                .mapData(for: request)
            #expect(fallback.mapData.roads == flaky.mapData.roads)
        }
    }

    @Test func failsClearlyWhenEveryEndpointFails() async throws {
        try await Self.withServer { base in
            let request = MapDataRequest(center: Self.center, distance: 300)
            let source = Self.source(["\(base)/always-504/api", "http://127.0.0.1:9/api"], attempts: 2)
            do {
                _ = try await source.mapData(for: request)
                Issue.record("expected an error")
            } catch let error as OSMError {
                #expect(error.code == .fetchFailed)
                #expect(error.description == "Could not retrieve map data for this location.")
                #expect(error.debugDescription.contains("HTTP 504"))
            }
        }
    }

    @Test func slowEndpointTimesOutAndTheNextServes() async throws {
        try await Self.withServer { base in
            let request = MapDataRequest(center: Self.center, distance: 300)
            var configuration = Self.source(["\(base)/slow-3/api", "\(base)/ok/api"], attempts: 1).configuration
            configuration.requestTimeout = 1
            let result = try await OverpassSource(configuration: configuration, pool: .testing).mapData(for: request)
            #expect(!result.mapData.roads.isEmpty)
        }
    }

    @Test func emptyAreaIsNoMapData() async throws {
        try await Self.withServer { base in
            let request = MapDataRequest(
                center: GeoPoint(latitude: 10, longitude: 10),
                distance: 300,
                areaName: "Nowhere, Sea"
            )
            do {
                _ = try await Self.source(["\(base)/ok/api"]).mapData(for: request)
                Issue.record("expected an error")
            } catch let error as OSMError {
                #expect(error.code == .noData)
                #expect(error.description == "No map data found for Nowhere, Sea.")
            }
        }
    }

    @Test func answersComeFromTheCacheOnceStored() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "overpass-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = DirectoryFetchCache(directory: folder, pool: .testing)
        let request = MapDataRequest(center: Self.center, distance: 300)
        var first: MapDataResult?
        try await Self.withServer { base in
            first = try await Self.source(["\(base)/ok/api"], cache: cache).mapData(for: request)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 4)
        // The server is gone: only the cache can answer.
        let second = try await Self.source(["http://127.0.0.1:9/api"], attempts: 1, cache: cache).mapData(for: request)
        #expect(second == first)
    }
}
