public import MapFeatures

/// The raw OSM elements of an area: what a source loads and ``FeatureSelector`` turns into ``MapData``.
///
/// Both sources fill one: the PBF reader with the elements near the requested box, Overpass with
/// its JSON answers. Ways may reference nodes the set lacks (clipped extracts): selection skips them.
public struct OSMDataSet: Sendable {
    public var nodes: [Int64: GeoPoint]
    public var ways: [Int64: OSMWay]
    public var relations: [Int64: OSMRelation]
    /// The area the data covers when smaller than the world (an extract's header box). Sea polygons
    /// are clipped to it, since coastline beyond it is unknown.
    public var extent: GeoBoundingBox?

    public init(
        nodes: [Int64: GeoPoint] = [:],
        ways: [Int64: OSMWay] = [:],
        relations: [Int64: OSMRelation] = [:],
        extent: GeoBoundingBox? = nil
    ) {
        self.nodes = nodes
        self.ways = ways
        self.relations = relations
        self.extent = extent
    }

    /// Adds `other`'s elements (Overpass answers to several queries overlap).
    public mutating func merge(_ other: OSMDataSet) {
        nodes.merge(other.nodes) { current, _ in current }
        ways.merge(other.ways) { current, _ in current }
        relations.merge(other.relations) { current, _ in current }
    }

    /// The positions of `ids`, split into runs wherever a node is missing.
    func runs(_ ids: [Int64]) -> [[GeoPoint]] {
        var runs: [[GeoPoint]] = []
        var current: [GeoPoint] = []
        for id in ids {
            if let point = nodes[id] {
                current.append(point)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    /// The positions of `ids` that are present, missing ones dropped (for rings of clipped extracts).
    func points(_ ids: [Int64]) -> [GeoPoint] {
        ids.compactMap { nodes[$0] }
    }
}
