import Foundation
import MapFeatures
import OSM
import Testing

@testable import MapStore

@Suite struct TileEncodingTests {
    static let tile = StoredTile(
        ways: [
            StoredWay(
                id: -5, tags: ["highway": "primary", "name": "Mannerheimintie"], nodeIDs: [9, 3, 12_000_000_000],
                points: [
                    GeoPoint(latitude: 60.1716123, longitude: 24.9443987), nil,
                    GeoPoint(latitude: -33.8688, longitude: -151.2093),
                ]),
            StoredWay(id: 7, tags: [:], nodeIDs: [], points: []),
        ],
        relations: [
            StoredRelation(
                id: 42, tags: ["type": "multipolygon", "leisure": "park"],
                members: [
                    OSMRelation.Member(kind: .way, id: -5, role: "outer"),
                    OSMRelation.Member(kind: .node, id: 9, role: ""),
                ],
                memberTiles: [TileIndex(x: 40_987, y: 30_034), TileIndex(x: 0, y: 35_999)])
        ])

    @Test func roundTrip() throws {
        #expect(try StoredTile(decoding: Self.tile.encoded()) == Self.tile)
        #expect(try StoredTile(decoding: StoredTile().encoded()) == StoredTile())
    }

    @Test func damagedBytesAreRejected() throws {
        let bytes = Self.tile.encoded()
        #expect(throws: TileFormatError.self) { try StoredTile(decoding: bytes.prefix(bytes.count - 3)) }
        #expect(throws: TileFormatError.self) { try StoredTile(decoding: Data("MPT2".utf8) + bytes.dropFirst(4)) }
        #expect(throws: TileFormatError.self) { try StoredTile(decoding: Data()) }
    }

    @Test func gridNumbersTilesFromTheSouthWest() {
        let grid = TileGrid(size: 0.5)
        #expect(grid.tile(GeoPoint(latitude: -90, longitude: -180)) == TileIndex(x: 0, y: 0))
        #expect(grid.tile(GeoPoint(latitude: 90, longitude: 180)) == TileIndex(x: 719, y: 359))
        #expect(grid.tile(GeoPoint(latitude: 60.2, longitude: 24.9)) == TileIndex(x: 409, y: 300))
        let box = GeoBoundingBox(south: 60.1, west: 24.4, north: 60.6, east: 25.1)
        #expect(grid.tiles(covering: box).count == 2 * 3)
    }
}
