public import MapFeatures

/// Small planar geometry on longitude (x) / latitude (y), enough for ring assembly at poster scale.
enum PlanarGeometry {
    /// Twice the signed area: positive when the ring runs counter-clockwise (x east, y north).
    static func signedArea(_ ring: [GeoPoint]) -> Double {
        guard ring.count >= 3 else { return 0 }
        var sum = 0.0
        var previous = ring[ring.count - 1]
        for point in ring {
            sum += (previous.longitude * point.latitude) - (point.longitude * previous.latitude)
            previous = point
        }
        return sum
    }

    /// Even-odd point-in-ring test.
    static func contains(_ ring: [GeoPoint], _ point: GeoPoint) -> Bool {
        guard ring.count >= 3 else { return false }
        var inside = false
        var previous = ring[ring.count - 1]
        for current in ring {
            if (current.latitude > point.latitude) != (previous.latitude > point.latitude) {
                let crossing =
                    (previous.longitude - current.longitude) * (point.latitude - current.latitude)
                    / (previous.latitude - current.latitude) + current.longitude
                if point.longitude < crossing { inside.toggle() }
            }
            previous = current
        }
        return inside
    }
}

extension Area {
    /// Whether `point` is inside the outer ring and outside every hole.
    public func contains(_ point: GeoPoint) -> Bool {
        PlanarGeometry.contains(outer, point) && !holes.contains { PlanarGeometry.contains($0, point) }
    }
}
