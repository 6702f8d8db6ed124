public import MapFeatures

/// The raw OSM elements of an area: what a source loads and ``FeatureSelector`` turns into ``MapData``.
///
/// Both sources fill one: the PBF reader with the elements near the requested box, Overpass with
/// its JSON answers. Ways may reference nodes the set lacks (clipped extracts): selection skips them.
public struct OSMDataSet: Sendable {
    public var nodes: [Int64: GeoPoint]
    public var ways: [Int64: OSMWay]
    public var relations: [Int64: OSMRelation]
    /// Ways loaded only to complete multipolygons (member ways far from the box): selection joins them into rings but
    /// never draws them on their own. The extract reader fills it; Overpass answers leave it empty.
    public var memberOnlyWays: Set<Int64> = []
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

    /// `way` with the positions of its nodes.
    func positioned(_ way: OSMWay) -> PositionedWay { PositionedWay(way) { nodes[$0] } }

    /// The positions of `ids` that are present, missing ones dropped (for rings of clipped extracts).
    func points(_ ids: [Int64]) -> [GeoPoint] {
        ids.compactMap { nodes[$0] }
    }
}
