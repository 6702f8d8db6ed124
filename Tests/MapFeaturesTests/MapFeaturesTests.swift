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
}

@Suite struct FixtureTests {
    @Test func helsinkiExtractIsReachable() throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: try Fixtures.helsinkiPBF.path)
        #expect((attributes[.size] as? Int ?? 0) == 685_110)
    }
}
