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
}
