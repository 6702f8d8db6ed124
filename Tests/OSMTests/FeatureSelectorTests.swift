import Foundation
import MapFeatures
import MapPosterTesting
import OSM
import Testing

@Suite struct FeatureSelectorTests {
    static func helsinki(layers: [MapDataRequest.Layer] = [], greenSpace: Bool = false) throws -> (
        MapDataRequest, MapDataResult
    ) {
        let file = PBFFile(url: try Fixtures.helsinkiPBF)
        var request = MapDataRequest(boundingBox: try #require(try file.header().boundingBox), layers: layers)
        request.includeGreenSpace = greenSpace
        let dataSet = try LocalExtractSource.load(file: file, request: request)
        return (request, FeatureSelector(request: request).select(from: dataSet))
    }

    /// Green space only when asked for: the fixture's one `natural=wood` (way 585933677, closed, 4 of its 8 nodes in the
    /// clipped extract), apart from the parks, and in the fetch cache's key.
    @Test func greenSpaceIsSelectedWhenAskedFor() throws {
        let (plainRequest, plain) = try Self.helsinki()
        let (greenRequest, green) = try Self.helsinki(greenSpace: true)
        #expect(plain.mapData.greenSpace.isEmpty)
        #expect(green.mapData.greenSpace.count == 1)
        #expect(green.mapData.greenSpace.first?.outer.count == 5)
        #expect(green.mapData.greenSpace.first?.outer.first == GeoPoint(latitude: 60.178949, longitude: 24.937352))
        #expect(green.mapData.parks == plain.mapData.parks && green.mapData.roads == plain.mapData.roads)
        #expect(!plainRequest.cacheDescription.contains("green"))
        #expect(greenRequest.cacheDescription == plainRequest.cacheDescription + ";green=true")
    }

    /// Roads per class agree with an independent count over osmium's OPL dump of the fixture:
    /// every `network_type="all"` way, split where the clipped extract lacks nodes.
    @Test func roadsByClassMatchOsmium() throws {
        guard let osmium = Command.find("osmium") else { return }
        let opl = try Command.output(osmium, ["cat", "-f", "opl", try Fixtures.helsinkiPBF.path])
        var nodes = Set<Substring>()
        var expected: [RoadClass: Int] = [:]
        let excluded =
            ["abandoned", "construction", "no", "planned", "platform", "proposed", "raceway", "razed"]
            + ["rest_area", "services"]
        for line in opl.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if line.hasPrefix("n") { nodes.insert(fields[0].dropFirst()) }
            guard line.hasPrefix("w"), let tagField = fields.first(where: { $0.hasPrefix("T") }) else { continue }
            var tags: [Substring: Substring] = [:]
            for pair in tagField.dropFirst().split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { tags[parts[0]] = parts[1] }
            }
            guard let highway = tags["highway"], !(tags["area"]?.contains("yes") ?? false),
                !excluded.contains(where: { highway.contains($0) })
            else { continue }
            let refs = (fields.first { $0.hasPrefix("N") } ?? "").dropFirst().split(separator: ",").map {
                $0.dropFirst()
            }
            var run = 0
            for ref in refs + [""] {
                if nodes.contains(ref) {
                    run += 1
                } else {
                    if run >= 2 { expected[RoadClass(highway: String(highway)), default: 0] += 1 }
                    run = 0
                }
            }
        }
        let (_, result) = try Self.helsinki()
        var actual: [RoadClass: Int] = [:]
        for road in result.mapData.roads { actual[road.roadClass, default: 0] += 1 }
        #expect(actual == expected)
        #expect(actual[.primary, default: 0] > 100)
        #expect(actual[.residential, default: 0] > 300)
        #expect(actual[.default, default: 0] > 1000)
    }

    @Test func waterParksAndLayers() throws {
        let layers = [
            MapDataRequest.Layer(label: "Rail", color: "#f1c40f", filter: .rail),
            MapDataRequest.Layer(label: "Forests", color: "#27ae60", filter: .forests),
        ]
        let (_, result) = try Self.helsinki(layers: layers)
        let data = result.mapData
        #expect(data.water.count >= 5)
        #expect(data.parks.count >= 100)
        // The Esplanadi park, between Pohjoisesplanadi and Eteläesplanadi.
        #expect(data.parks.contains { $0.contains(GeoPoint(latitude: 60.1677, longitude: 24.9480)) })
        #expect(data.layers.map(\.label) == ["Rail", "Forests"])
        #expect(data.layers[0].lines.count > 50)  // the railway yard north of the station
        #expect(data.layers[1].areas.count > 10)
        #expect(result.warnings.isEmpty)
    }

    /// The fixture's coastline is clipped: the sea is built to the extract's edge and fills the
    /// strip of South Harbour (Eteläsatama) east of the Market Square quay.
    @Test func seaCoversTheHarbour() throws {
        let (_, result) = try Self.helsinki()
        let water = result.mapData.water
        let harbour = GeoPoint(latitude: 60.1657, longitude: 24.9534)
        let quay = GeoPoint(latitude: 60.1657, longitude: 24.9530)
        let senateSquare = GeoPoint(latitude: 60.1693, longitude: 24.9522)
        #expect(water.contains { $0.contains(harbour) })
        #expect(!water.contains { $0.contains(quay) })
        #expect(!water.contains { $0.contains(senateSquare) })
    }

    @Test func multipolygonsKeepTheirHoles() throws {
        let (_, result) = try Self.helsinki()
        let withHoles = result.mapData.parks.filter { !$0.holes.isEmpty }
        #expect(withHoles.count >= 2)
        var checked = 0
        for area in withHoles {
            for hole in area.holes {
                // A point inside the hole (its box centre, when the hole contains it) is inside the
                // outer ring but not inside the area.
                let latitudes = hole.map(\.latitude)
                let longitudes = hole.map(\.longitude)
                let middle = GeoPoint(
                    latitude: (latitudes.min()! + latitudes.max()!) / 2,
                    longitude: (longitudes.min()! + longitudes.max()!) / 2
                )
                guard Area(outer: hole).contains(middle) else { continue }
                #expect(Area(outer: area.outer).contains(middle))
                #expect(!area.contains(middle))
                checked += 1
            }
        }
        #expect(checked >= 1)
    }

    @Test func nothingOutsideTheBox() throws {
        let file = PBFFile(url: try Fixtures.helsinkiPBF)
        let request = MapDataRequest(center: GeoPoint(latitude: 10, longitude: 10), distance: 1000)
        let result = FeatureSelector(request: request).select(
            from: try LocalExtractSource.load(file: file, request: request))
        #expect(result.mapData.isEmpty)
    }

    @Test func noDataIsAnError() async throws {
        let file = PBFFile(url: try Fixtures.helsinkiPBF)
        let request = MapDataRequest(center: GeoPoint(latitude: 10, longitude: 10), distance: 1000, areaName: "Nowhere")
        do {
            _ = try await LocalExtractSource(url: file.url, pool: .testing).mapData(for: request)
            Issue.record("expected an error")
        } catch let error as OSMError {
            #expect(error.code == .noData)
            #expect(error.description == "No map data found for Nowhere.")
        }
        await #expect(throws: OSMError.self) {
            try await LocalExtractSource(url: file.url, pool: .testing).mapData(for: request)
        }
    }

    @Test func aSmallerBoxKeepsFewerRoads() async throws {
        let url = try Fixtures.helsinkiPBF
        let center = GeoPoint(latitude: 60.1699, longitude: 24.9420)
        let small = try await LocalExtractSource(url: url, pool: .testing).mapData(
            for: MapDataRequest(center: center, distance: 200))
        let (_, full) = try Self.helsinki()
        #expect(small.mapData.roads.count > 20)
        #expect(small.mapData.roads.count < full.mapData.roads.count / 3)
        let box = GeoBoundingBox(around: center, distance: 200)
        for road in small.mapData.roads {
            let bounds = road.points.reduce(into: (Double.infinity, -Double.infinity)) {
                $0 = (min($0.0, $1.latitude), max($0.1, $1.latitude))
            }
            #expect(bounds.0 <= box.north + 0.01 && bounds.1 >= box.south - 0.01)
        }
    }
}
