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

    /// Whether the two boxes share any point.
    public func intersects(_ other: GeoBoundingBox) -> Bool {
        other.south <= north && other.north >= south && other.west <= east && other.east >= west
    }
}
