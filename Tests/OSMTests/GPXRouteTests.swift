import Foundation
import MapFeatures
import MapPosterTesting
import OSM
import Testing

/// GPX files read into route lines: real ways of the Helsinki fixture written as a track, and every way a file can
/// be wrong.
@Suite struct GPXRouteTests {
    /// The fixture's three longest roads.
    static func fixtureWays() throws -> [[GeoPoint]] {
        let (_, result) = try FeatureSelectorTests.helsinki()
        return Array(result.mapData.roads.sorted { $0.points.count > $1.points.count }.prefix(3).map(\.points))
    }

    static func gpx(_ lines: [[GeoPoint]], route: [GeoPoint] = []) -> Data {
        let pairs = { (points: [GeoPoint]) in points.map { (latitude: $0.latitude, longitude: $0.longitude) } }
        return Data(GPXDocument.text(segments: lines.map(pairs), route: pairs(route)).utf8)
    }

    @Test func tracksAndRoutesReadBackExactly() throws {
        let ways = try Self.fixtureWays()
        try #require(ways.count == 3 && ways.allSatisfy { $0.count > 10 })
        let route = try GPXRoute(gpx: Self.gpx(Array(ways.prefix(2)), route: ways[2]))
        #expect(route.lines == ways)
        let points = ways.joined()
        #expect(route.boundingBox.south == points.map(\.latitude).min())
        #expect(route.boundingBox.east == points.map(\.longitude).max())
        #expect(route.center.latitude == (route.boundingBox.south + route.boundingBox.north) / 2)
    }

    @Test(
        arguments: [
            (
                "<gpx><trk><trkseg><trkpt lat=\"60\" lon=\"24\"></trkseg></trk></gpx>",
                "The GPX file is not valid XML (line 1, column 65)."
            ),
            ("<gpx><trk><trkseg><trkpt lat=\"60\" lon=\"24\"/>", "The GPX file is not valid XML (line 1"),
            ("not xml at all", "The GPX file is not valid XML (line 1"),
            ("<kml><Placemark/></kml>", "The file is XML but not GPX: its root element is <kml>, not <gpx>."),
            (
                "<gpx>\n<trk><trkseg><trkpt lat=\"north\" lon=\"24\"/></trkseg></trk></gpx>",
                "The GPX file has a trkpt at line 2 whose lat \"north\" and lon \"24\" are not a place on the globe."
            ),
            ("<gpx><rte><rtept lat=\"91\" lon=\"24\"/></rte></gpx>", "The GPX file has a rtept at line 1"),
            (
                "<gpx><wpt lat=\"60\" lon=\"24\"/><trk/></gpx>",
                "The GPX file has no track or route points (trkpt, rtept)."
            ),
        ])
    func badFilesAreRefusedInASentence(document: String, message: String) {
        #expect {
            try GPXRoute(gpx: Data(document.utf8))
        } throws: { error in
            guard let error = error as? OSMError, error.code == .invalidData else { return false }
            return error.message.hasPrefix(message)
        }
    }

    @Test func oversizedFilesAreRefusedBeforeReading() {
        let big = Data(repeating: 0x20, count: GPXRoute.maximumBytes + 1)
        #expect {
            try GPXRoute(gpx: big)
        } throws: { error in
            (error as? OSMError)?.message
                == "The GPX file is too large (1048577 bytes): at most 1048576 bytes."
        }
    }
}
