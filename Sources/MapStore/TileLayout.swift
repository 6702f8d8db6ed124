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
    private let grid: TileGrid
    private let tileWays: [TileIndex: [Int]]
    /// How many tiles each way of `contents` is in.
    private let wayTileCounts: [Int]
    /// Per tile, its multipolygons (indices of `contents.relations`) with their member nodes in the tile.
    private let tileRelations: [TileIndex: [(relation: Int, memberPoints: [GeoPoint])]]
    private let relationHomes: [TileIndex?]
    private let wayIndex: [Int64: Int]

    /// Lays out `contents`: the ways `selector` wants, and all its relations.
    init(contents: ExtractContents, grid: TileGrid, selector: FeatureSelector) {
        var wayIndex: [Int64: Int] = [:]
        var wayTileCounts: [Int] = []
        wayIndex.reserveCapacity(contents.ways.count)
        var tileWays: [TileIndex: [Int]] = [:]
        var wayCount = 0
        for (index, way) in contents.ways.enumerated() {
            wayIndex[way.id] = index
            let tiles = Set(way.nodeIDs.compactMap { contents.point($0).map(grid.tile) }).sorted()
            wayTileCounts.append(tiles.count)
            guard selector.wantsWay(way.tags), !tiles.isEmpty else { continue }
            wayCount += 1
            for tile in tiles { tileWays[tile, default: []].append(index) }
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
        self.grid = grid
        self.wayCount = wayCount
        self.tileWays = tileWays.mapValues { $0.sorted { contents.ways[$0].id < contents.ways[$1].id } }
        self.wayTileCounts = wayTileCounts
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
            ways: (tileWays[tile] ?? []).map { index in
                StoredWay(way: positioned(contents.ways[index]), spansTiles: wayTileCounts[index] > 1)
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
