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
        let degreesPerMetre = 180 / .pi / GeoBoundingBox.earthRadius
        let deltaLatitude = extent.height * degreesPerMetre
        let deltaLongitude = extent.width * degreesPerMetre / max(cos(center.latitude * .pi / 180), 0.01)
        return GeoBoundingBox(
            south: center.latitude - deltaLatitude, west: center.longitude - deltaLongitude,
            north: center.latitude + deltaLatitude, east: center.longitude + deltaLongitude)
    }
}
