import Foundation

/// A latitude/longitude rectangle, the area a poster fetches its data from.
public struct GeoBoundingBox: Sendable, Hashable {
    public var south: Double
    public var west: Double
    public var north: Double
    public var east: Double

    public init(south: Double, west: Double, north: Double, east: Double) {
        self.south = south
        self.west = west
        self.north = north
        self.east = east
    }

    /// Mean Earth radius OSMnx uses for its bounding boxes, in metres.
    public static let earthRadius = 6_371_009.0

    /// The box ±`distance` metres around `center`, computed on a sphere exactly as OSMnx's
    /// `bbox_from_point` does: Δlat = distance/R, Δlon = Δlat / cos(lat).
    public init(around center: GeoPoint, distance: Double) {
        let deltaLatitude = distance / Self.earthRadius * 180 / .pi
        let deltaLongitude = deltaLatitude / cos(center.latitude * .pi / 180)
        self.init(
            south: center.latitude - deltaLatitude,
            west: center.longitude - deltaLongitude,
            north: center.latitude + deltaLatitude,
            east: center.longitude + deltaLongitude
        )
    }

    /// Whether `point` lies inside the box or on its border.
    public func contains(_ point: GeoPoint) -> Bool {
        point.latitude >= south && point.latitude <= north && point.longitude >= west && point.longitude <= east
    }

    /// The box cut into a grid of equal tiles of at most `maximumArea` square kilometres each (measured on the
    /// sphere at the box's middle latitude), west to east, then south to north. OSMnx cuts its Overpass queries
    /// the same way, at 2,500 km² (`max_query_area_size`), so that no single query is too large for the server.
    public func tiles(maximumArea: Double) -> [GeoBoundingBox] {
        let kilometresPerDegree = Self.earthRadius * .pi / 180 / 1000
        let height = (north - south) * kilometresPerDegree
        let width = (east - west) * kilometresPerDegree * cos((north + south) / 2 * .pi / 180)
        let side = maximumArea.squareRoot()
        let rows = max(1, Int((height / side).rounded(.up)))
        let columns = max(1, Int((width / side).rounded(.up)))
        let rowHeight = (north - south) / Double(rows)
        let columnWidth = (east - west) / Double(columns)
        return (0..<rows).flatMap { row in
            (0..<columns).map { column in
                GeoBoundingBox(
                    south: south + Double(row) * rowHeight,
                    west: west + Double(column) * columnWidth,
                    north: row == rows - 1 ? north : south + Double(row + 1) * rowHeight,
                    east: column == columns - 1 ? east : west + Double(column + 1) * columnWidth
                )
            }
        }
    }

    /// The smallest box holding `points`; `nil` when there are none.
    @inlinable public init?(enclosing points: some Sequence<GeoPoint>) {
        var iterator = points.makeIterator()
        guard let first = iterator.next() else { return nil }
        self.init(south: first.latitude, west: first.longitude, north: first.latitude, east: first.longitude)
        while let point = iterator.next() {
            south = min(south, point.latitude)
            west = min(west, point.longitude)
            north = max(north, point.latitude)
            east = max(east, point.longitude)
        }
    }

    /// The part of this box inside `other` (south above north, or west beyond east, when they do not meet).
    public func clamped(to other: GeoBoundingBox) -> GeoBoundingBox {
        GeoBoundingBox(
            south: max(south, other.south), west: max(west, other.west), north: min(north, other.north),
            east: min(east, other.east))
    }

    /// Whether the two boxes share any point.
    public func intersects(_ other: GeoBoundingBox) -> Bool {
        other.south <= north && other.north >= south && other.west <= east && other.east >= west
    }
}
