import Foundation
import MapFeatures
import MapPosterTesting
import OSM
import Testing

@testable import MapStore

@Suite struct TileEncodingTests {
    static let park = Multipolygon(
        id: 42, tags: ["type": "multipolygon", "leisure": "park"],
        areas: [
            Area(
                outer: [
                    GeoPoint(latitude: 60.17, longitude: 24.94), GeoPoint(latitude: 60.18, longitude: 24.94),
                    GeoPoint(latitude: 60.18, longitude: 24.95),
                ],
                holes: [
                    [
                        GeoPoint(latitude: 60.175, longitude: 24.941), GeoPoint(latitude: 60.176, longitude: 24.941),
                        GeoPoint(latitude: 60.176, longitude: 24.942),
                    ]
                ])
        ],
        warnings: ["relation 42: 1 broken ring(s) skipped"])

    static let tile = StoredTile(
        ways: [
            StoredWay(
                way: PositionedWay(
                    id: -5, tags: ["highway": "primary", "name": "Mannerheimintie"], firstNodeID: 9,
                    lastNodeID: 12_000_000_000,
                    points: [
                        nil, GeoPoint(latitude: 60.1716123, longitude: 24.9443987), nil, nil,
                        GeoPoint(latitude: -33.8688, longitude: -151.2093), nil,
                    ]),
                spansTiles: true),
            StoredWay(
                way: PositionedWay(
                    id: 7, tags: ["highway": "primary", "name": "Mannerheimintie"], firstNodeID: 3, lastNodeID: 3,
                    points: []),
                spansTiles: false),
        ],
        relations: [
            StoredRelation(
                id: 42, tags: park.tags, memberPoints: [GeoPoint(latitude: 60.17, longitude: 24.94)],
                home: TileIndex(x: 2_049, y: 1_501), multipolygon: park),
            StoredRelation(
                id: 43, tags: [:], memberPoints: [], home: TileIndex(x: 40_987, y: 30_034), multipolygon: nil),
        ])
    @Test func roundTrip() throws {
        #expect(try StoredTile(decoding: Self.tile.encoded()) == Self.tile)
        #expect(try StoredTile(decoding: StoredTile().encoded()) == StoredTile())
    }

    /// A crafted extract can give a node ±2⁶³ nanodegrees (the PBF reader's arithmetic wraps, as the format's does): the
    /// tile still encodes, the position held just inside the range.
    @Test func positionsAtTheEdgeOfTheRangeEncode() throws {
        let far = GeoPoint(latitude: 9.3e9, longitude: -9.3e9)
        let way = PositionedWay(id: 1, tags: ["highway": "primary"], firstNodeID: 1, lastNodeID: 2, points: [far])
        let decoded = try StoredTile(decoding: StoredTile(ways: [StoredWay(way: way, spansTiles: false)]).encoded())
        #expect(decoded.ways.first?.way.points == [GeoPoint(latitude: 9e9, longitude: -9e9)])
    }

    @Test func damagedBytesAreRejected() throws {
        let bytes = Self.tile.encoded()
        #expect(throws: TileFormatError.self) { try StoredTile(decoding: bytes.prefix(bytes.count - 3)) }
        #expect(throws: TileFormatError.self) { try StoredTile(decoding: Data("MPT1".utf8) + bytes.dropFirst(4)) }
        #expect(throws: TileFormatError.self) { try StoredTile(decoding: Data()) }
        var badChecksum = bytes
        badChecksum[badChecksum.count - 1] ^= 1  // the zlib stream's Adler-32 ends the tile
        #expect(throws: TileFormatError.self) { try StoredTile(decoding: badChecksum) }
    }

    /// Decoding with a box keeps exactly the ways that have a node in it, as filtering after decoding would, and
    /// every relation: real tiles of the Helsinki fixture's store, a box over part of them.
    @Test func decodingWithABoxKeepsTheWaysWithANodeInIt() async throws {
        let folder = try await StoreFixture.folder.appendingPathComponent("tiles")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tile") }
        let box = GeoBoundingBox(south: 60.165, west: 24.93, north: 60.172, east: 24.95)
        var kept = 0
        var dropped = 0
        for file in files.sorted() {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            let whole = try StoredTile(decoding: data)
            let boxed = try StoredTile(decoding: data, keeping: TileWayFilter(near: box))
            #expect(boxed.ways == whole.ways.filter { $0.way.hasNode(in: box) })
            #expect(boxed.relations == whole.relations)
            kept += boxed.ways.count
            dropped += whole.ways.count - boxed.ways.count
        }
        #expect(kept > 0 && dropped > 0)
    }

    /// Tiles of the Helsinki fixture's store, their bodies damaged in many ways (bytes changed, cut, repeated): each
    /// decodes or throws ``TileFormatError``, and never traps. Seeded, so a failure repeats.
    @Test func damagedBodiesOfRealTilesFailCleanly() async throws {
        let folder = try await StoreFixture.folder.appendingPathComponent("tiles")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tile") }
        var random = SeededGenerator(seed: 18)
        var decoded = 0
        var refused = 0
        for file in files.sorted().prefix(12) {
            let tile = try StoredTile(decoding: Data(contentsOf: folder.appendingPathComponent(file)))
            let body = try StoredTile.inflate(tile.encoded())
            #expect(try StoredTile(body: body) == tile)
            for _ in 0..<300 {
                var damaged = body
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    for _ in 0...Int.random(in: 0..<4, using: &random) {
                        damaged[Int.random(in: 0..<damaged.count, using: &random)] = UInt8(
                            truncatingIfNeeded: Int.random(in: 0..<256, using: &random))
                    }
                case 1: damaged = Array(damaged.prefix(Int.random(in: 0..<damaged.count, using: &random)))
                default:
                    let start = Int.random(in: 0..<damaged.count, using: &random)
                    damaged.insert(contentsOf: damaged[start..<min(damaged.count, start + 16)], at: start)
                }
                do {
                    _ = try StoredTile(body: damaged)
                    decoded += 1
                } catch is TileFormatError {
                    refused += 1
                }
            }
        }
        #expect(refused > 1000, "\(refused) refused, \(decoded) decoded")
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
