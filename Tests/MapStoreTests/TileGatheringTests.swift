import MapFeatures
import OSM
import Testing

@testable import MapStore

/// How a reader puts tiles together: each way once, multipolygons from their home tiles.
@Suite struct TileGatheringTests {
    static let near = GeoBoundingBox(south: 60, west: 24, north: 61, east: 25)
    static let inside = GeoPoint(latitude: 60.5, longitude: 24.5)
    static let outside = GeoPoint(latitude: 62, longitude: 24.5)
    static let park = Multipolygon(
        id: 9, tags: ["type": "multipolygon", "leisure": "park"],
        areas: [
            Area(outer: [inside, GeoPoint(latitude: 60.6, longitude: 24.5), GeoPoint(latitude: 60.6, longitude: 24.6)])
        ],
        warnings: [])

    static func road(_ id: Int64, spansTiles: Bool) -> StoredWay {
        StoredWay(
            way: PositionedWay(
                id: id, tags: ["highway": "residential"], firstNodeID: 1, lastNodeID: 2, points: [inside, outside]),
            spansTiles: spansTiles)
    }

    func gathering() -> TileGathering {
        TileGathering(selector: FeatureSelector(request: MapDataRequest(boundingBox: Self.near)), near: Self.near)
    }

    @Test func aWayInSeveralTilesIsTakenOnce() {
        let gathering = gathering()
        let first = StoredTile(ways: [Self.road(5, spansTiles: true), Self.road(3, spansTiles: false)])
        let second = StoredTile(ways: [Self.road(5, spansTiles: true), Self.road(4, spansTiles: false)])
        gathering.add([TileIndex(x: 1, y: 1): first, TileIndex(x: 2, y: 1): second])
        #expect(gathering.takeWays().map(\.id) == [3, 4, 5])
        #expect(gathering.takeWays().isEmpty)
    }

    @Test func aMultipolygonComesFromItsHomeTile() throws {
        let gathering = gathering()
        let home = TileIndex(x: 7, y: 7)
        let reference = StoredRelation(
            id: 9, tags: Self.park.tags, memberPoints: [Self.inside], home: home, multipolygon: nil)
        // Listed in a tile of the box, with a member node near it: kept, and its home must be read.
        gathering.add([TileIndex(x: 1, y: 1): StoredTile(relations: [reference])])
        #expect(gathering.homeTilesToRead() == [home])
        #expect(throws: TileFormatError.self) { try gathering.multipolygons() }
        var atHome = reference
        atHome.memberPoints = [Self.outside]
        atHome.multipolygon = Self.park
        gathering.add([home: StoredTile(relations: [atHome])])
        #expect(gathering.homeTilesToRead().isEmpty)
        #expect(try gathering.multipolygons() == [Self.park])
    }

    @Test func aMultipolygonWithNoMemberNearIsLeftOut() throws {
        let gathering = gathering()
        let far = StoredRelation(
            id: 9, tags: Self.park.tags, memberPoints: [Self.outside], home: TileIndex(x: 1, y: 1),
            multipolygon: Self.park)
        gathering.add([TileIndex(x: 1, y: 1): StoredTile(relations: [far])])
        #expect(gathering.homeTilesToRead().isEmpty)
        #expect(try gathering.multipolygons().isEmpty)
    }
}
