import MapFeatures
import OSM

/// Gathers from read tiles what the extract reader would select from for the same box (no I/O).
///
/// Feed it the tiles around the box, then the tiles ``homeTilesToRead()`` names, each with only its ways that have a
/// node in ``near`` (the reader drops the others as it decodes a tile), then take ``takeWays()`` and ``multipolygons()``:
/// - those ways, each once, in id order;
/// - the multipolygons the request wants with a member way that has a node in ``near``, in id order.
///
/// A class so that one ``StoreSource/mapData(for:)`` call can hand its gathering from one job of the blocking pool
/// to the next without copying what it holds. `@unchecked Sendable`: each gathering belongs to that one call, whose
/// jobs run one after another (each awaited before the next starts), so it is never touched from two threads at once.
final class TileGathering: @unchecked Sendable {
    let selector: FeatureSelector
    /// The poster's box grown by the margin.
    let near: GeoBoundingBox
    private var loaded = Set<TileIndex>()
    private var nearWays: [PositionedWay] = []
    /// The ways held by several tiles that have been taken, so that each is taken once.
    private var takenSpanningWays = Set<Int64>()
    /// The kept multipolygons' home tiles.
    private var keptRelations: [Int64: TileIndex] = [:]
    /// The assembled multipolygons of the home tiles read.
    private var assembled: [Int64: Multipolygon] = [:]

    init(selector: FeatureSelector, near: GeoBoundingBox) {
        self.selector = selector
        self.near = near
    }

    func add(_ tiles: [TileIndex: StoredTile]) {
        nearWays.reserveCapacity(nearWays.count + tiles.values.reduce(0) { $0 + $1.ways.count })
        for (index, tile) in tiles {
            loaded.insert(index)
            for stored in tile.ways {
                if stored.spansTiles && !takenSpanningWays.insert(stored.way.id).inserted { continue }
                nearWays.append(stored.way)
            }
            for relation in tile.relations {
                if let multipolygon = relation.multipolygon { assembled[relation.id] = multipolygon }
                if selector.wantsRelation(relation.tags) && relation.memberPoints.contains(where: near.contains) {
                    keptRelations[relation.id] = relation.home
                }
            }
        }
    }

    /// The home tiles of the kept multipolygons that have not been read yet.
    func homeTilesToRead() -> [TileIndex] {
        Set(keptRelations.values).subtracting(loaded).sorted()
    }

    /// The ways added, each once, in id order; the gathering hands them over and holds none afterwards (sorting
    /// them in place rather than a copy spares a retain and a release per way).
    func takeWays() -> [PositionedWay] {
        var ways: [PositionedWay] = []
        swap(&ways, &nearWays)
        ways.sort { $0.id < $1.id }
        return ways
    }

    /// The kept multipolygons, in id order.
    ///
    /// - Throws: ``TileFormatError`` when a home tile that has been read lacks its multipolygon.
    func multipolygons() throws -> [Multipolygon] {
        try keptRelations.keys.sorted().map { id in
            guard let multipolygon = assembled[id] else {
                throw TileFormatError("relation \(id) is missing from its home tile \(keptRelations[id]!.key)")
            }
            return multipolygon
        }
    }
}
