import MapFeatures
import OSM

/// Which tiles hold which ways and relations of an import.
///
/// A way goes to every tile holding one of its nodes. A relation goes to every tile of its member ways and
/// records them; a member way without any node in the extract goes to the relation's tiles.
struct TileLayout: Sendable {
    let contents: ExtractContents
    /// Every tile that holds something, in ascending order.
    let tiles: [TileIndex]
    private let tileWays: [TileIndex: [Int]]
    private let tileRelations: [TileIndex: [Int]]
    private let relationTiles: [[TileIndex]]

    init(contents: ExtractContents, grid: TileGrid) {
        var wayIndex: [Int64: Int] = [:]
        var wayTiles: [[TileIndex]] = []
        var tileWays: [TileIndex: Set<Int>] = [:]
        for (index, way) in contents.ways.enumerated() {
            wayIndex[way.id] = index
            let tiles = Set(way.nodeIDs.compactMap { contents.point($0).map(grid.tile) }).sorted()
            wayTiles.append(tiles)
            for tile in tiles { tileWays[tile, default: []].insert(index) }
        }
        var tileRelations: [TileIndex: [Int]] = [:]
        var relationTiles: [[TileIndex]] = []
        for (index, relation) in contents.relations.enumerated() {
            let members = relation.members.compactMap { $0.kind == .way ? wayIndex[$0.id] : nil }
            let tiles = Set(members.flatMap { wayTiles[$0] }).sorted()
            relationTiles.append(tiles)
            for tile in tiles {
                tileRelations[tile, default: []].append(index)
                for member in members where wayTiles[member].isEmpty { tileWays[tile, default: []].insert(member) }
            }
        }
        self.contents = contents
        self.tileWays = tileWays.mapValues {
            $0.sorted { contents.ways[$0].id < contents.ways[$1].id }
        }
        self.tileRelations = tileRelations.mapValues {
            $0.sorted { contents.relations[$0].id < contents.relations[$1].id }
        }
        self.relationTiles = relationTiles
        tiles = Set(tileWays.keys).union(tileRelations.keys).sorted()
    }

    /// The contents of `tile`.
    func tile(_ tile: TileIndex) -> StoredTile {
        StoredTile(
            ways: (tileWays[tile] ?? []).map { index in
                let way = contents.ways[index]
                return StoredWay(
                    id: way.id, tags: way.tags, nodeIDs: way.nodeIDs, points: way.nodeIDs.map(contents.point))
            },
            relations: (tileRelations[tile] ?? []).map { index in
                let relation = contents.relations[index]
                return StoredRelation(
                    id: relation.id, tags: relation.tags, members: relation.members, memberTiles: relationTiles[index])
            }
        )
    }
}
