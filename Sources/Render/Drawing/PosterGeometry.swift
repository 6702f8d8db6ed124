import BlockingWork
import MapFeatures
import PosterDesign

/// A map's features projected to page points once, grouped as they are drawn, ready for any number of
/// painters (one per raster band).
///
/// Features whose bounding box misses the map box are dropped here, so a large fetch costs nothing to draw.
struct PosterGeometry: Sendable {
    /// A position on the page in points from the top-left.
    struct PagePoint: Sendable, Hashable {
        var x: Double
        var y: Double
    }

    /// A polyline or ring with its vertical extent, so that a raster band can skip what it does not cross.
    struct Line: Sendable {
        var points: [PagePoint]
        var minY: Double
        var maxY: Double

        init(_ points: [PagePoint]) {
            self.points = points
            minY = points.lazy.map(\.y).min() ?? 0
            maxY = points.lazy.map(\.y).max() ?? 0
        }

        /// Whether any of it lies within `margin` of the rows `top…bottom`.
        func crosses(top: Double, bottom: Double, margin: Double) -> Bool {
            maxY >= top - margin && minY <= bottom + margin
        }
    }

    /// One polygon: the outer ring then its holes.
    typealias Polygon = [Line]

    var water: [Polygon] = []
    var parks: [Polygon] = []
    var greenSpace: [Polygon] = []
    /// Road polylines by class, in drawing order (minor classes first).
    var roads: [(roadClass: RoadClass, lines: [Line])] = []
    /// Extra layers in request order.
    var layers: [(color: RGBColor?, width: Double, areas: [Polygon], lines: [Line])] = []
    /// The route's visible lines.
    var route: [Line] = []
    /// Where each marker's tip is, in marker order (also those off the map, which are not drawn).
    var markers: [PagePoint] = []

    /// Projects `map`, `route` and `markers` onto the page of `layout`.
    ///
    /// - Parameter lineTolerance: how far, in points, a drawn line (a road, an extra layer's line, the route) may
    ///   stray from its points so that fewer of them are stroked (``simplified(_:tolerance:)``); 0 keeps them all.
    init(
        map: MapData, layout: PosterLayout, projection: TransverseMercator, route: [[GeoPoint]] = [],
        markers: [GeoPoint] = [], lineTolerance: Double = 0
    ) {
        @Sendable func project(_ points: [GeoPoint]) -> [PagePoint] {
            points.map { point in
                let (x, y) = layout.pagePoint(projection.project(point))
                return PagePoint(x: x, y: y)
            }
        }
        typealias Bounds = (minX: Double, maxX: Double, minY: Double, maxY: Double)
        // Anything within a stroke's reach of the box may still show (a custom layer's own, when it is wider);
        // everything else is culled.
        func visibleBounds(lineWidth: Double = 0) -> Bounds {
            let reach = PosterLayout.reach(ofLineWidth: lineWidth)
            return (
                minX: layout.boxX - reach, maxX: layout.boxX + layout.boxWidth + reach,
                minY: layout.boxY - reach, maxY: layout.boxY + layout.boxHeight + reach
            )
        }
        @Sendable func isVisible(_ points: [PagePoint], within bounds: Bounds) -> Bool {
            var minX = Double.infinity
            var maxX = -Double.infinity
            var minY = Double.infinity
            var maxY = -Double.infinity
            for point in points {
                minX = min(minX, point.x)
                maxX = max(maxX, point.x)
                minY = min(minY, point.y)
                maxY = max(maxY, point.y)
            }
            return maxX >= bounds.minX && minX <= bounds.maxX && maxY >= bounds.minY && minY <= bounds.maxY
        }
        // Projection is most of the work for a large map: features are projected in chunks on all cores.
        func polygons(_ areas: [Area]) -> [Polygon] {
            let bounds = visibleBounds()
            return areas.chunks(ofAtLeast: 1_000).concurrentMap { chunk in
                chunk.compactMap { area in
                    let outer = project(area.outer)
                    guard outer.count >= 3, isVisible(outer, within: bounds) else { return nil }
                    return [Line(outer)] + area.holes.filter { $0.count >= 3 }.map { Line(project($0)) }
                }
            }.flatMap { $0 }
        }
        /// The drawn line of `points`, or `nil` when it cannot show within `bounds`.
        @Sendable func line(_ points: [GeoPoint], within bounds: Bounds) -> Line? {
            guard points.count >= 2 else { return nil }
            let projected = project(points)
            guard isVisible(projected, within: bounds) else { return nil }
            return Line(Self.simplified(projected, tolerance: lineTolerance))
        }
        func polylines(_ lines: [[GeoPoint]], width: Double = 0) -> [Line] {
            let bounds = visibleBounds(lineWidth: width)
            return lines.chunks(ofAtLeast: 10_000).concurrentMap { chunk in
                chunk.compactMap { line($0, within: bounds) }
            }.flatMap { $0 }
        }

        water = polygons(map.water)
        parks = polygons(map.parks)
        greenSpace = polygons(map.greenSpace)
        // Roads are classified as they are projected; each class keeps the roads' order.
        let roadBounds = visibleBounds()
        let classified = map.roads.chunks(ofAtLeast: 10_000).concurrentMap { chunk in
            chunk.compactMap { road in line(road.points, within: roadBounds).map { (road.roadClass, $0) } }
        }
        var byClass: [RoadClass: [Line]] = [:]
        for part in classified {
            for (roadClass, line) in part { byClass[roadClass, default: []].append(line) }
        }
        roads = RoadClass.allCases.sorted().compactMap { roadClass in byClass[roadClass].map { (roadClass, $0) } }
        self.route = polylines(route)
        self.markers = markers.map { project([$0])[0] }
        layers = map.layers.map { layer in
            (
                (try? RGBColor(hex: layer.color)), layer.width, polygons(layer.areas),
                polylines(layer.lines, width: layer.width)
            )
        }
    }

    /// The line tolerance for a raster of `dpi` dots per inch: a tenth of a pixel, the tolerance Cairo flattens curves
    /// to. On the 1,000-copy bench poster (300 dpi) the roads lose 29 % of their points and no pixel changes by more
    /// than 32 of 255.
    static func rasterLineTolerance(dpi: Int) -> Double { 0.1 * PosterLayout.pointsPerInch / Double(dpi) }

    /// The points of a polyline that Douglas–Peucker keeps at `tolerance`: both ends, and each point farther than
    /// `tolerance` from the segment between the points kept on either side of it. A stroke of the result lies within
    /// `tolerance` of the stroke of the whole line.
    static func simplified(_ points: [PagePoint], tolerance: Double) -> [PagePoint] {
        guard points.count > 2, tolerance > 0 else { return points }
        var kept = [Bool](repeating: false, count: points.count)
        kept[0] = true
        kept[points.count - 1] = true
        var spans = [(first: 0, last: points.count - 1)]
        while let (first, last) = spans.popLast() {
            guard last > first + 1 else { continue }
            let (a, b) = (points[first], points[last])
            let (dx, dy) = (b.x - a.x, b.y - a.y)
            let squaredLength = dx * dx + dy * dy
            var farthest = first
            var farthestSquaredDistance = tolerance * tolerance
            for index in first + 1..<last {
                let point = points[index]
                let along = squaredLength > 0 ? ((point.x - a.x) * dx + (point.y - a.y) * dy) / squaredLength : 0
                let t = min(max(along, 0), 1)
                let (ex, ey) = (a.x + t * dx - point.x, a.y + t * dy - point.y)
                let squaredDistance = ex * ex + ey * ey
                if squaredDistance > farthestSquaredDistance {
                    farthest = index
                    farthestSquaredDistance = squaredDistance
                }
            }
            guard farthest != first else { continue }
            kept[farthest] = true
            spans.append((first, farthest))
            spans.append((farthest, last))
        }
        return points.indices.compactMap { kept[$0] ? points[$0] : nil }
    }
}
