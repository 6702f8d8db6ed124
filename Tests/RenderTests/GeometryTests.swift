import Foundation
import MapFeatures
import MapPosterTesting
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
        // The footway has one point, the second primary lies outside: only the first primary is drawn, and a class
        // without a drawn line is left out.
        #expect(geometry.roads.map(\.roadClass) == [.primary])
        #expect(geometry.roads[0].lines.count == 1)
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

    /// Douglas–Peucker keeps both ends and the corners, drops what lies within the tolerance of the line kept, and
    /// keeps a spike (a point past the end of its chord, not beside it); 0 keeps every point.
    @Test func simplifyingKeepsEverythingFartherThanTheTolerance() {
        typealias P = PosterGeometry.PagePoint
        let wobbly = [
            P(x: 0, y: 0), P(x: 1, y: 0.01), P(x: 2, y: -0.01), P(x: 3, y: 0), P(x: 3, y: 2), P(x: 3.02, y: 4),
        ]
        #expect(PosterGeometry.simplified(wobbly, tolerance: 0.05) == [wobbly[0], wobbly[3], wobbly[5]])
        #expect(PosterGeometry.simplified(wobbly, tolerance: 0.005) == wobbly)
        #expect(PosterGeometry.simplified(wobbly, tolerance: 0) == wobbly)
        let spike = [P(x: 0, y: 0), P(x: 5, y: 0), P(x: 2, y: 0)]
        #expect(PosterGeometry.simplified(spike, tolerance: 0.1) == spike)
        let twoPoints = [P(x: 0, y: 0), P(x: 0, y: 0)]
        #expect(PosterGeometry.simplified(twoPoints, tolerance: 1) == twoPoints)
    }

    /// On random walks, every point dropped lies within the tolerance of the polyline kept, which keeps the ends and
    /// is a subsequence of the original.
    @Test func simplifiedLinesStayWithinTheTolerance() {
        typealias P = PosterGeometry.PagePoint
        var generator = SeededGenerator(seed: 18)
        for _ in 0..<300 {
            var point = P(x: 0, y: 0)
            let line = (0..<Int.random(in: 3...40, using: &generator)).map { _ in
                point.x += Double.random(in: -1...1, using: &generator)
                point.y += Double.random(in: -0.3...1, using: &generator)
                return point
            }
            let tolerance = Double.random(in: 0.01...0.5, using: &generator)
            let kept = PosterGeometry.simplified(line, tolerance: tolerance)
            #expect(kept.first == line.first && kept.last == line.last)
            var rest = line[...]
            #expect(kept.allSatisfy { point in rest.firstIndex(of: point).map { rest = rest[($0 + 1)...] } != nil })
            func distance(_ p: P, toSegment a: P, _ b: P) -> Double {
                let (dx, dy) = (b.x - a.x, b.y - a.y)
                let squaredLength = dx * dx + dy * dy
                let t = squaredLength > 0 ? min(max(((p.x - a.x) * dx + (p.y - a.y) * dy) / squaredLength, 0), 1) : 0
                return ((a.x + t * dx - p.x) * (a.x + t * dx - p.x) + (a.y + t * dy - p.y) * (a.y + t * dy - p.y))
                    .squareRoot()
            }
            let far = line.filter { p in
                zip(kept, kept.dropFirst()).allSatisfy { distance(p, toSegment: $0, $1) > tolerance }
            }
            #expect(far.isEmpty, "\(far.count) of \(line.count) points farther than \(tolerance) from the kept line")
        }
    }

    /// At a tenth of a pixel at 300 dpi, the fixture's roads lose a good share of their points (not most).
    @Test func aTenthOfAPixelDropsManyRoadPoints() throws {
        let map = try RenderFixtures.helsinki
        let options = try RenderFixtures.options(dpi: 300)
        let layout = PosterLayout(options: options)
        func points(tolerance: Double) -> Int {
            PosterGeometry(
                map: map, layout: layout, projection: TransverseMercator(center: options.center),
                lineTolerance: tolerance
            ).roads.flatMap(\.lines).reduce(0) { $0 + $1.points.count }
        }
        let all = points(tolerance: 0)
        let simplified = points(tolerance: PosterGeometry.rasterLineTolerance(dpi: 300))
        #expect(simplified < all * 9 / 10 && simplified > all / 3, "\(simplified) of \(all) points")
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
