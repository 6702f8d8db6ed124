public import MapFeatures

/// Where a ``MapDataSource`` has data: everywhere (Overpass), or inside the box a local extract was cut to.
public enum MapCoverage: Sendable, Hashable {
    /// Data for every place on Earth (Overpass, or a planet file without a recorded extent).
    case world
    /// Data only inside this box: the extent in a `.osm.pbf` file's header.
    case area(GeoBoundingBox)

    /// The box covered; the whole globe for ``world``.
    public var boundingBox: GeoBoundingBox {
        switch self {
        case .world: GeoBoundingBox(south: -90, west: -180, north: 90, east: 180)
        case .area(let box): box
        }
    }

    /// The share of `box`'s area that has data, 0…1, on the plane of degrees scaled by the cosine of the box's
    /// middle latitude (exact enough for a poster's few kilometres). A box of no area counts as covered when its
    /// centre is.
    public func coveredFraction(of box: GeoBoundingBox) -> Double {
        guard case .area(let extent) = self else { return 1 }
        let width = box.east - box.west
        let height = box.north - box.south
        guard width > 0, height > 0 else {
            let centre = GeoPoint(latitude: (box.north + box.south) / 2, longitude: (box.east + box.west) / 2)
            return extent.contains(centre) ? 1 : 0
        }
        let overlapWidth = min(box.east, extent.east) - max(box.west, extent.west)
        let overlapHeight = min(box.north, extent.north) - max(box.south, extent.south)
        guard overlapWidth > 0, overlapHeight > 0 else { return 0 }
        return min(1, overlapWidth * overlapHeight / (width * height))
    }

    /// How a person reads the coverage: "the whole world" or "60.1642–60.1791 N, 24.9352–24.9534 E".
    public var description: String {
        switch self {
        case .world: return "the whole world"
        case .area(let box):
            func latitude(_ value: Double) -> String { "\(Self.degrees(abs(value))) \(value < 0 ? "S" : "N")" }
            func longitude(_ value: Double) -> String { "\(Self.degrees(abs(value))) \(value < 0 ? "W" : "E")" }
            return "\(latitude(box.south))–\(latitude(box.north)), \(longitude(box.west))–\(longitude(box.east))"
        }
    }

    private static func degrees(_ value: Double) -> String {
        let scaled = (value * 10_000).rounded()
        let whole = Int(scaled) / 10_000
        let fraction = String(Int(scaled) % 10_000)
        return "\(whole).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}
