import MapFeatures
import OSM

/// Which tiles hold which ways and multipolygons of an import, and what each tile holds.
///
/// A way the selection can draw goes to every tile holding one of its nodes. A multipolygon goes to every tile holding
/// a node of one of its member ways, with those nodes; the first of those tiles is its home, which holds its areas,
/// assembled from all its member ways. Member ways the selection never draws on their own are not stored.
struct TileLayout: Sendable {
    let contents: ExtractContents
    /// Every tile that holds something, in ascending order.
    let tiles: [TileIndex]
    /// How many ways the tiles hold, each counted once.
    let wayCount: Int
    /// Per tile, its ways (indices of `contents.ways`), each with whether other tiles hold it too.
    private let tileWays: [TileIndex: [(way: Int, spansTiles: Bool)]]
    /// Per tile, its multipolygons (indices of `contents.relations`) with their member nodes in the tile.
    private let tileRelations: [TileIndex: [(relation: Int, memberPoints: [GeoPoint])]]
    private let relationHomes: [TileIndex?]
    private let wayIndex: [Int64: Int]

    /// Lays out `contents`: the ways `selector` wants, and all its relations.
    init(contents: ExtractContents, grid: TileGrid, selector: FeatureSelector) {
        var wayIndex: [Int64: Int] = [:]
        wayIndex.reserveCapacity(contents.ways.count)
        var tileWays: [TileIndex: [(way: Int, spansTiles: Bool)]] = [:]
        var wayCount = 0
        for (index, way) in contents.ways.enumerated() {
            wayIndex[way.id] = index
            guard selector.wantsWay(way.tags) else { continue }
            let tiles = Set(way.nodeIDs.compactMap { contents.point($0).map(grid.tile) })
            if !tiles.isEmpty { wayCount += 1 }
            for tile in tiles { tileWays[tile, default: []].append((index, tiles.count > 1)) }
        }
        var tileRelations: [TileIndex: [(relation: Int, memberPoints: [GeoPoint])]] = [:]
        var relationHomes: [TileIndex?] = []
        for (index, relation) in contents.relations.enumerated() {
            var pointsByTile: [TileIndex: [GeoPoint]] = [:]
            for member in relation.members where member.kind == .way {
                for point in (wayIndex[member.id].map { contents.ways[$0].nodeIDs } ?? []).compactMap(contents.point) {
                    pointsByTile[grid.tile(point), default: []].append(point)
                }
            }
            relationHomes.append(pointsByTile.keys.min())
            for (tile, points) in pointsByTile { tileRelations[tile, default: []].append((index, points)) }
        }
        self.contents = contents
        self.wayCount = wayCount
        self.tileWays = tileWays.mapValues { $0.sorted { contents.ways[$0.way].id < contents.ways[$1.way].id } }
        self.tileRelations = tileRelations.mapValues {
            $0.sorted { contents.relations[$0.relation].id < contents.relations[$1.relation].id }
        }
        self.relationHomes = relationHomes
        self.wayIndex = wayIndex
        tiles = Set(tileWays.keys).union(tileRelations.keys).sorted()
    }

    /// The contents of `tile` (multipolygons whose home it is are assembled here).
    func tile(_ tile: TileIndex) -> StoredTile {
        StoredTile(
            ways: (tileWays[tile] ?? []).map { index, spansTiles in
                StoredWay(way: positioned(contents.ways[index]), spansTiles: spansTiles)
            },
            relations: (tileRelations[tile] ?? []).map { index, memberPoints in
                let relation = contents.relations[index]
                let home = relationHomes[index]!
                return StoredRelation(
                    id: relation.id, tags: relation.tags, memberPoints: memberPoints, home: home,
                    multipolygon: home == tile ? assemble(relation) : nil)
            }
        )
    }

    private func positioned(_ way: OSMWay) -> PositionedWay { PositionedWay(way, position: contents.point) }

    /// `relation` assembled from its member ways and their nodes.
    private func assemble(_ relation: OSMRelation) -> Multipolygon {
        var dataSet = OSMDataSet()
        for member in relation.members where member.kind == .way {
            guard let way = wayIndex[member.id].map({ contents.ways[$0] }) else { continue }
            dataSet.ways[way.id] = way
            for id in way.nodeIDs { dataSet.nodes[id] = contents.point(id) }
        }
        return FeatureSelector.assemble(relation, in: dataSet)
    }
}
