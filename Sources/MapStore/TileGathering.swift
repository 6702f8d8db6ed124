import MapFeatures
import OSM

/// Gathers from read tiles the elements the extract reader would gather for the same box (no I/O).
///
/// Feed it the tiles around the box, then the tiles ``memberTilesToRead()`` names, then take ``dataSet()``:
/// - ways the request wants with a node in ``near``;
/// - multipolygons the request wants with a member way that has a node in ``near``, and all their member ways;
/// - the positions of those ways' nodes.
///
/// A class so that one ``StoreSource/mapData(for:)`` call can hand its gathering from one job of the blocking pool
/// to the next without copying what it holds. `@unchecked Sendable`: each gathering belongs to that one call, whose
/// jobs run one after another (each awaited before the next starts), so it is never touched from two threads at once.
final class TileGathering: @unchecked Sendable {
    let selector: FeatureSelector
    /// The poster's box grown by the margin.
    let near: GeoBoundingBox
    private var loaded = Set<TileIndex>()
    private var ways: [Int64: StoredWay] = [:]
    private var relations: [Int64: StoredRelation] = [:]

    init(selector: FeatureSelector, near: GeoBoundingBox) {
        self.selector = selector
        self.near = near
    }

    func add(_ tiles: [TileIndex: StoredTile]) {
        for (index, tile) in tiles {
            loaded.insert(index)
            for way in tile.ways where ways[way.id] == nil { ways[way.id] = way }
            for relation in tile.relations where relations[relation.id] == nil { relations[relation.id] = relation }
        }
    }

    /// The tiles holding member ways of the kept multipolygons that have not been read yet.
    func memberTilesToRead() -> [TileIndex] {
        Set(keptRelations().flatMap(\.memberTiles)).subtracting(loaded).sorted()
    }

    /// The gathered elements (the caller sets the extent).
    func dataSet() -> OSMDataSet {
        var dataSet = OSMDataSet()
        dataSet.nodes.reserveCapacity(ways.values.reduce(0) { $0 + $1.nodeIDs.count })
        func add(_ way: StoredWay) {
            dataSet.ways[way.id] = way.way
            for (id, point) in zip(way.nodeIDs, way.points) {
                if let point { dataSet.nodes[id] = point }
            }
        }
        for way in ways.values where selector.wantsWay(way.tags) && way.hasNode(in: near) { add(way) }
        for relation in keptRelations() {
            dataSet.relations[relation.id] = relation.relation
            for member in relation.members where member.kind == .way {
                if let way = ways[member.id] { add(way) }
            }
        }
        return dataSet
    }

    private func keptRelations() -> [StoredRelation] {
        relations.values.filter { relation in
            selector.wantsRelation(relation.tags)
                && relation.members.contains { member in
                    member.kind == .way && ways[member.id]?.hasNode(in: near) == true
                }
        }
    }
}
