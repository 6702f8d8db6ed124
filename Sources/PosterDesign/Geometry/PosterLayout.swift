import Foundation
public import MapFeatures

/// Where things go on the page, in points (1/72 in) from the top-left corner, and the map's crop.
///
/// The map box is the page less the margins (each side at most 40 % of the page, as the web fork clamps
/// them). The crop follows the web fork's rule on the *box's* aspect, so margins never stretch the map:
/// portrait box ±`distance` north–south and ±`distance`·aspect east–west; landscape the other way round.
package struct PosterLayout: Sendable {
    /// The whole page.
    package let pageWidth: Double
    package let pageHeight: Double
    /// The map box (matplotlib's axes): left, top, width, height.
    package let boxX: Double
    package let boxY: Double
    package let boxWidth: Double
    package let boxHeight: Double
    /// Half the cropped extent in metres.
    package let halfWidthMetres: Double
    package let halfHeightMetres: Double
    /// Text sizes scale with the page's short side: `min(width, height) / 12`. The same as the web fork's
    /// `width / 12` for portrait posters; for landscape ones it is the CLI's fix (maptoposter issue #112),
    /// without which the title runs into the divider and the country line.
    package let textScale: Double

    package static let pointsPerInch = 72.0
    /// How far beyond the map box a feature may lie and still show, in points: the widest stroke's reach. The
    /// renderer culls what lies farther out, and ``PosterOptions/drawnBoundingBox`` leaves this much room.
    package static let strokeReach = 8.0

    /// How far beyond the map box a line `width` points wide may lie and still show, in points: ``strokeReach``, or
    /// for a wider line (a custom layer may be any width) half its width and a point for its antialiased edge.
    package static func reach(ofLineWidth width: Double) -> Double { max(strokeReach, width / 2 + 1) }

    package init(options: PosterOptions) {
        pageWidth = options.width * Self.pointsPerInch
        pageHeight = options.height * Self.pointsPerInch
        let marginX = min(options.margins / options.width, 0.4) * pageWidth
        let marginY = min(options.margins / options.height, 0.4) * pageHeight
        boxX = marginX
        boxY = marginY
        boxWidth = pageWidth - 2 * marginX
        boxHeight = pageHeight - 2 * marginY
        let aspect = boxWidth / boxHeight
        if aspect > 1 {
            halfWidthMetres = options.distance
            halfHeightMetres = options.distance / aspect
        } else {
            halfHeightMetres = options.distance
            halfWidthMetres = options.distance * aspect
        }
        textScale = min(options.width, options.height) / 12
        rotation = options.rotation * .pi / 180
    }

    /// The map's clockwise rotation in radians.
    package let rotation: Double

    /// Half the east–west and north–south extent in metres of the ground the (possibly rotated) crop shows.
    package var turnedHalfExtent: (width: Double, height: Double) {
        let (sine, cosine) = (abs(sin(rotation)), abs(cos(rotation)))
        return (
            halfWidthMetres * cosine + halfHeightMetres * sine, halfWidthMetres * sine + halfHeightMetres * cosine
        )
    }

    /// Page points per projected metre (the same on both axes).
    package var pointsPerMetre: Double { boxWidth / (2 * halfWidthMetres) }

    /// The page position of a projected point, the map turned clockwise by ``rotation`` about the box's centre.
    package func pagePoint(_ point: MapPoint) -> (x: Double, y: Double) {
        let scale = pointsPerMetre
        var (x, y) = (point.x, point.y)
        if rotation != 0 {
            let (sine, cosine) = (sin(rotation), cos(rotation))
            (x, y) = (x * cosine + y * sine, y * cosine - x * sine)
        }
        return (boxX + boxWidth / 2 + x * scale, boxY + boxHeight / 2 - y * scale)
    }

    /// A position given as fractions of the map box from its bottom-left corner, like matplotlib's
    /// `transAxes`, in page points.
    package func boxPoint(x fractionX: Double, y fractionY: Double) -> (x: Double, y: Double) {
        (boxX + fractionX * boxWidth, boxY + (1 - fractionY) * boxHeight)
    }
}

extension PosterOptions {
    /// The smallest whole ``distance`` whose upright crop around ``center`` holds every point of `lines` with 10 % to
    /// spare on each side, brought within `range`; for framing a route.
    public func distance(fitting lines: [[GeoPoint]], within range: ClosedRange<Double>) -> Double {
        var unit = self
        unit.distance = 1
        let layout = PosterLayout(options: unit)
        let projection = TransverseMercator(center: center)
        var needed = 1.0
        for point in lines.joined() {
            let projected = projection.project(point)
            needed = max(
                needed, abs(projected.x) / layout.halfWidthMetres * 1.1,
                abs(projected.y) / layout.halfHeightMetres * 1.1)
        }
        return min(max(needed.rounded(.up), range.lowerBound), range.upperBound)
    }

    /// The area the map shows (for a rotated map, the box around its turned crop): the crop around ``center`` (±half its extent in metres, on the sphere of
    /// ``MapFeatures/GeoBoundingBox/earthRadius``), what a coverage check compares with the data's extent.
    public var mapBoundingBox: GeoBoundingBox {
        let extent = PosterLayout(options: self).turnedHalfExtent
        return box(halfWidth: extent.width, halfHeight: extent.height)
    }

    /// A latitude–longitude box holding all the ground whose features can reach the page: once projected as the page
    /// projects it, it encloses the (possibly turned) crop grown by ``PosterLayout/strokeReach``. Nothing outside it
    /// is drawn, so a map data source may leave out the features that do not touch it.
    ///
    /// It starts as the spherical box of that extent and grows by 1 % until its projected outline, sampled every
    /// 1/64 of each edge, lies outside the grown crop (the spherical box alone falls short at high latitudes, where
    /// meridians converge within the crop). `nil` if it has not within twice the extent (a crop reaching a pole):
    /// then no box is known to hold the drawn ground.
    public var drawnBoundingBox: GeoBoundingBox? { drawnBoundingBox(widestLine: 0) }

    /// ``drawnBoundingBox`` for a poster that also draws lines `widestLine` points wide (its custom layers): grown by
    /// their reach (``PosterLayout/reach(ofLineWidth:)``) where that is longer than ``PosterLayout/strokeReach``.
    public func drawnBoundingBox(widestLine: Double) -> GeoBoundingBox? {
        let layout = PosterLayout(options: self)
        let reach = PosterLayout.reach(ofLineWidth: widestLine) / layout.pointsPerMetre
        let extent = layout.turnedHalfExtent
        // The box grown by `reach` on the page, turned with the map, spans `reach × (|sin| + |cos|)` more each way.
        let grownBy = reach * (abs(sin(layout.rotation)) + abs(cos(layout.rotation)))
        let (halfWidth, halfHeight) = (extent.width + grownBy, extent.height + grownBy)
        let projection = TransverseMercator(center: center)
        var scale = 1.0
        while scale < 2 {
            let candidate = box(halfWidth: halfWidth * scale, halfHeight: halfHeight * scale)
            let outline = candidate.outline(pointsPerEdge: 64).map(projection.project)
            // A metre's slack covers how far an edge can bow between two samples.
            if outline.allSatisfy({ abs($0.x) >= halfWidth + 1 || abs($0.y) >= halfHeight + 1 }) { return candidate }
            scale *= 1.01
        }
        return nil
    }

    /// The box ±`halfWidth` metres east–west and ±`halfHeight` north–south of ``center`` on the sphere of
    /// ``MapFeatures/GeoBoundingBox/earthRadius``.
    private func box(halfWidth: Double, halfHeight: Double) -> GeoBoundingBox {
        let degreesPerMetre = 180 / .pi / GeoBoundingBox.earthRadius
        let deltaLatitude = halfHeight * degreesPerMetre
        let deltaLongitude = halfWidth * degreesPerMetre / max(cos(center.latitude * .pi / 180), 0.01)
        return GeoBoundingBox(
            south: center.latitude - deltaLatitude, west: center.longitude - deltaLongitude,
            north: center.latitude + deltaLatitude, east: center.longitude + deltaLongitude)
    }
}

extension GeoBoundingBox {
    /// `pointsPerEdge` points along each edge, corners included once, going round the box.
    fileprivate func outline(pointsPerEdge: Int) -> [GeoPoint] {
        let steps = (0..<pointsPerEdge).map { Double($0) / Double(pointsPerEdge) }
        func along(_ from: GeoPoint, _ to: GeoPoint) -> [GeoPoint] {
            steps.map {
                GeoPoint(
                    latitude: from.latitude + (to.latitude - from.latitude) * $0,
                    longitude: from.longitude + (to.longitude - from.longitude) * $0)
            }
        }
        let (southWest, southEast) = (
            GeoPoint(latitude: south, longitude: west), GeoPoint(latitude: south, longitude: east)
        )
        let (northEast, northWest) = (
            GeoPoint(latitude: north, longitude: east), GeoPoint(latitude: north, longitude: west)
        )
        return along(southWest, southEast) + along(southEast, northEast) + along(northEast, northWest)
            + along(northWest, southWest)
    }
}
