import Foundation
import MapFeatures
import MapPosterTesting
import Testing

@Suite struct RoadClassTests {
    @Test func groupsHighwayValuesAsTheOriginal() {
        #expect(RoadClass(highway: "motorway_link") == .motorway)
        #expect(RoadClass(highway: "trunk") == .primary)
        #expect(RoadClass(highway: "secondary_link") == .secondary)
        #expect(RoadClass(highway: "tertiary") == .tertiary)
        #expect(RoadClass(highway: "living_street") == .residential)
        #expect(RoadClass(highway: "footway") == .default)
        #expect(RoadClass(highway: "") == .default)
    }

    @Test func minorClassesSortFirst() {
        #expect(RoadClass.allCases.sorted() == [.default, .residential, .tertiary, .secondary, .primary, .motorway])
    }
}

@Suite struct GeoBoundingBoxTests {
    /// OSMnx's `bbox_from_point((60.17, 24.94), dist=1000)` formula, evaluated in Python.
    @Test func matchesOSMnxSphericalBox() {
        let box = GeoBoundingBox(around: GeoPoint(latitude: 60.17, longitude: 24.94), distance: 1000)
        #expect(abs(box.north - 60.17899320335493) < 1e-12)
        #expect(abs(box.south - 60.161006796645076) < 1e-12)
        #expect(abs(box.east - 24.95807939795542) < 1e-12)
        #expect(box.contains(GeoPoint(latitude: 60.17, longitude: 24.94)))
        #expect(!box.contains(GeoPoint(latitude: 60.2, longitude: 24.94)))
    }

    /// Tiles cover the box edge to edge, none larger than asked; a small box stays whole.
    @Test func tilesCoverTheBoxWithinTheArea() {
        let box = GeoBoundingBox(around: GeoPoint(latitude: 60.17, longitude: 24.94), distance: 40_000)  // 80 km square
        let tiles = box.tiles(maximumArea: 2500)
        #expect(tiles.count == 4)
        #expect(tiles.first?.south == box.south && tiles.first?.west == box.west)
        #expect(tiles.last?.north == box.north && tiles.last?.east == box.east)
        for tile in tiles {
            let height = (tile.north - tile.south) * 111.195
            let width = (tile.east - tile.west) * 111.195 * cos((tile.north + tile.south) / 2 * .pi / 180)
            #expect(height * width <= 2500 * 1.01)
        }
        // Neighbours share their edges exactly: nothing between them is left out.
        #expect(tiles[0].east == tiles[1].west && tiles[0].north == tiles[2].south)
        let small = GeoBoundingBox(around: GeoPoint(latitude: 60.17, longitude: 24.94), distance: 10_000)
        #expect(small.tiles(maximumArea: 2500) == [small])
    }
}

@Suite struct FixtureTests {
    @Test func helsinkiExtractIsReachable() throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: try Fixtures.helsinkiPBF.path)
        #expect((attributes[.size] as? Int ?? 0) == 685_110)
    }
}
