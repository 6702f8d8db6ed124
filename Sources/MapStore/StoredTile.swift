import MapFeatures
import OSM

/// What one tile of the store holds: the ways and the multipolygons a poster may need near it, ready to select from.
///
/// A way is in every tile that holds one of its nodes, with the positions of all its nodes, so a reader finds any way
/// with a node in its box by reading the box's tiles. A multipolygon is listed in every tile that holds a node of one
/// of its member ways, with those nodes' positions (a reader keeps it when one is near its box); its assembled areas
/// are in one of those tiles, its home, which a reader fetches when its box does not reach it.
package struct StoredTile: Sendable, Hashable {
    var ways: [StoredWay] = []
    var relations: [StoredRelation] = []
}

/// A way the import kept, with its node positions.
struct StoredWay: Sendable, Hashable {
    var way: PositionedWay
    /// Whether other tiles hold the way too: a reader of several tiles then takes it once.
    var spansTiles: Bool
}

/// A multipolygon as one tile lists it.
struct StoredRelation: Sendable, Hashable {
    var id: Int64
    var tags: [String: String]
    /// The positions of its member ways' nodes that lie in this tile.
    var memberPoints: [GeoPoint]
    /// The tile that holds its assembled areas.
    var home: TileIndex
    /// The assembled areas: in the home tile only, `nil` in the others.
    var multipolygon: Multipolygon?
}
