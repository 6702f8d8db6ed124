import Foundation
import MapFeatures
import Testing

@testable import PosterDesign
@testable import Render

@Suite struct GeometryTests {
    private let center = GeoPoint(latitude: 60.1716, longitude: 24.9443)

    /// Reference values from PROJ: `+proj=tmerc +lat_0=60.1716 +lon_0=24.9443 +k=1 +ellps=WGS84`.
    @Test func transverseMercatorMatchesPROJ() {
        let projection = TransverseMercator(center: center)
        let cases: [(GeoPoint, Double, Double, Double)] = [
            (center, 0, 0, 1e-9),
            (GeoPoint(latitude: 60.1791, longitude: 24.9534), 505.0329098501682, 835.6492629837634, 0.01),
            (GeoPoint(latitude: 60.1642, longitude: 24.9352), -505.2616427777496, -824.437201932181, 0.01),
            (GeoPoint(latitude: 61.0, longitude: 26.5), 84169.52591339337, 93301.63828378, 1),
        ]
        for (point, x, y, tolerance) in cases {
            let projected = projection.project(point)
            #expect(abs(projected.x - x) < tolerance && abs(projected.y - y) < tolerance, "\(point) → \(projected)")
        }
    }

    /// Every point that projects within a stroke's reach of the map box lies in the drawn box, for posters upright
    /// and turned, portrait, landscape and square, from the equator to Svalbard, a street to 50 km, and with a custom
    /// layer 60 points wide (whose reach is longer than any road's); an upright poster's drawn box lies within its
    /// fetch box (less to select than the web fork's over-fetch).
    @Test(arguments: [
        (GeoPoint(latitude: 60.1716, longitude: 24.9443), 10_000.0, 12.0, 16.0, 0.0, 0.0),
        (GeoPoint(latitude: 0.5, longitude: -78.5), 500, 16, 12, 0, 0),
        (GeoPoint(latitude: 78.22, longitude: 15.65), 50_000, 12, 16, 0, 0),
        (GeoPoint(latitude: -54.8, longitude: -68.3), 20_000, 8, 8, 30, 0),
        (GeoPoint(latitude: 60.1716, longitude: 24.9443), 3_000, 18, 24, 90, 0),
        (GeoPoint(latitude: 60.1716, longitude: 24.9443), 3_000, 12, 16, 0, 60),
        (GeoPoint(latitude: -54.8, longitude: -68.3), 20_000, 8, 8, 30, 60),
    ])
    func drawnBoxHoldsWhatReachesThePage(
        center: GeoPoint, distance: Double, width: Double, height: Double, rotation: Double, widestLine: Double
    ) throws {
        var options = try RenderFixtures.options(width: width, height: height)
        options.center = center
        options.distance = distance
        options.rotation = rotation
        let drawn = try #require(options.drawnBoundingBox(widestLine: widestLine))
        let layout = PosterLayout(options: options)
        let projection = TransverseMercator(center: center)
        let reach = PosterLayout.reach(ofLineWidth: widestLine)
        let fetch = GeoBoundingBox(around: center, distance: options.fetchDistance)
        let search = fetch.grown(byFraction: 0.5)
        var reachingThePage = 0
        for row in 0...400 {
            for column in 0...400 {
                let point = GeoPoint(
                    latitude: search.south + (search.north - search.south) * Double(row) / 400,
                    longitude: search.west + (search.east - search.west) * Double(column) / 400)
                let (x, y) = layout.pagePoint(projection.project(point))
                guard x >= layout.boxX - reach, x <= layout.boxX + layout.boxWidth + reach, y >= layout.boxY - reach,
                    y <= layout.boxY + layout.boxHeight + reach
                else { continue }
                reachingThePage += 1
                #expect(drawn.contains(point), "\(point) reaches the page at (\(x), \(y)) outside \(drawn)")
            }
        }
        #expect(reachingThePage > 10_000)
        if rotation == 0 { #expect(drawn.clamped(to: fetch) == drawn, "\(drawn) beyond \(fetch)") }
    }

    @Test func cropFollowsTheWebForkOnPortraitAndLandscape() throws {
        var options = try RenderFixtures.options(width: 12, height: 16)
        options.distance = 10_000
        var layout = PosterLayout(options: options)
        #expect(layout.halfHeightMetres == 10_000)
        #expect(layout.halfWidthMetres == 7_500)
        #expect(layout.textScale == 1)
        options.width = 16
        options.height = 12
        layout = PosterLayout(options: options)
        #expect(layout.halfWidthMetres == 10_000)
        #expect(abs(layout.halfHeightMetres - 7_500) < 1e-9)
        #expect(layout.textScale == 1)
        options.apply(.a4)
        #expect(abs(PosterLayout(options: options).textScale - 210 / 25.4 / 12) < 1e-12)
    }

    @Test func fetchDistanceIsTheWebForksCompensatedDistance() throws {
        var options = try RenderFixtures.options(width: 12, height: 16)
        options.distance = 10_000
        #expect(abs(options.fetchDistance - 13_333.333333333334) < 1e-6)
        options.width = 16
        options.height = 12
        #expect(abs(options.fetchDistance - 13_333.333333333334) < 1e-6)
        // The fetched square always holds the crop.
        let layout = PosterLayout(options: options)
        #expect(layout.halfWidthMetres <= options.fetchDistance && layout.halfHeightMetres <= options.fetchDistance)
    }

    @Test func marginsShrinkTheCropInsteadOfStretchingTheMap() throws {
        var options = try RenderFixtures.options(width: 12, height: 16)
        options.distance = 10_000
        options.margins = 0.5
        let layout = PosterLayout(options: options)
        #expect(layout.boxWidth == 11 * 72 && layout.boxHeight == 15 * 72)
        #expect(layout.halfHeightMetres == 10_000)
        #expect(abs(layout.halfWidthMetres - 10_000 * 11 / 15) < 1e-9)
        // Equal scale on both axes: a metre east is as long on paper as a metre north.
        let east = layout.pagePoint(MapPoint(x: 1000, y: 0))
        let north = layout.pagePoint(MapPoint(x: 0, y: 1000))
        let origin = layout.pagePoint(MapPoint(x: 0, y: 0))
        #expect(abs((east.x - origin.x) - (origin.y - north.y)) < 1e-9)
        #expect(abs(origin.x - 6 * 72) < 1e-9 && abs(origin.y - 8 * 72) < 1e-9)
    }

    @Test func geometryDropsFeaturesOutsideTheMap() throws {
        let options = try RenderFixtures.options()
        let layout = PosterLayout(options: options)
        let inside = Road(highway: "primary", points: [center, GeoPoint(latitude: 60.172, longitude: 24.945)])
        let outside = Road(
            highway: "primary",
            points: [GeoPoint(latitude: 61, longitude: 25), GeoPoint(latitude: 61.1, longitude: 25)])
        let geometry = PosterGeometry(
            map: MapData(roads: [inside, outside, Road(highway: "footway", points: [center])]),
            layout: layout,
            projection: TransverseMercator(center: center)
        )
        #expect(geometry.roads.count == 2)
        #expect(geometry.roads.map(\.roadClass) == [.default, .primary])
        #expect(geometry.roads[1].lines.count == 1)
        #expect(geometry.roads[0].lines.isEmpty)
    }

    /// A custom layer line lying beyond the map box shows when it is wide enough to reach into it, and only then.
    @Test func wideLayerLinesAreKeptAsFarOutAsTheyReach() throws {
        let options = try RenderFixtures.options()
        let layout = PosterLayout(options: options)
        let projection = TransverseMercator(center: center)
        // A north–south line about 20 points left of the map box: a 60-point stroke reaches 30 points either side.
        let metresWest = (layout.boxWidth / 2 + 20) / layout.pointsPerMetre
        let longitude =
            center.longitude - metresWest / (GeoBoundingBox.earthRadius * cos(center.latitude * .pi / 180)) * 180 / .pi
        let line = [
            GeoPoint(latitude: center.latitude - 0.001, longitude: longitude),
            GeoPoint(latitude: center.latitude + 0.001, longitude: longitude),
        ]
        let outside = line.map { layout.boxX - layout.pagePoint(projection.project($0)).x }
        #expect(outside.allSatisfy { (19...21).contains($0) }, "\(outside) points outside")
        for (width, kept) in [(60.0, true), (30.0, false), (1.0, false)] {
            let layer = FeatureLayer(label: "wide", color: "#FF0000", width: width, lines: [line])
            let geometry = PosterGeometry(
                map: MapData(roads: [], layers: [layer]), layout: layout, projection: projection)
            #expect(geometry.layers[0].lines.count == (kept ? 1 : 0), "width \(width)")
        }
    }
}

extension GeoBoundingBox {
    /// The box with `fraction` of its height and width added on every side.
    fileprivate func grown(byFraction fraction: Double) -> GeoBoundingBox {
        let (height, width) = (north - south, east - west)
        return GeoBoundingBox(
            south: south - height * fraction, west: west - width * fraction, north: north + height * fraction,
            east: east + width * fraction)
    }
}
