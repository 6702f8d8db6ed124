import MapFeatures
import OSM

/// What one tile of the store holds: the ways and multipolygon relations a poster may need near it.
///
/// A way is in every tile that holds one of its nodes, with all of its nodes (positions included),
/// so a reader finds any way with a node in its box by reading the box's tiles. A relation is in every
/// tile of its member ways and lists those tiles, so a reader can fetch the members far from its box.
struct StoredTile: Sendable, Hashable {
    var ways: [StoredWay] = []
    var relations: [StoredRelation] = []
}

/// A way with its tags and the positions of its nodes (`nil` where the extract lacks the node).
struct StoredWay: Sendable, Hashable {
    var id: Int64
    var tags: [String: String]
    var nodeIDs: [Int64]
    var points: [GeoPoint?]

    /// The way as the OSM module models it.
    var way: OSMWay { OSMWay(id: id, nodeIDs: nodeIDs, tags: tags) }

    /// Whether any node of the way lies in `box` (the PBF reader's test for "near the poster").
    func hasNode(in box: GeoBoundingBox) -> Bool {
        points.contains { $0.map(box.contains) ?? false }
    }
}

/// A multipolygon relation, and the tiles that hold its member ways.
struct StoredRelation: Sendable, Hashable {
    var id: Int64
    var tags: [String: String]
    var members: [OSMRelation.Member]
    var memberTiles: [TileIndex]

    /// The relation as the OSM module models it.
    var relation: OSMRelation { OSMRelation(id: id, members: members, tags: tags) }
}
