import CZlib
import Foundation
import MapFeatures
import OSM

/// The tile encoding, version 1 (documented in README "Map data store").
///
/// `MPT` `1`, the body's size as a varint, then the body compressed with zlib. The body: a string
/// table (count, then length-prefixed UTF-8), the ways, the relations. Ids, node ids and positions are
/// zigzag varint deltas from the previous value; positions are integer nanodegrees, which the PBF
/// format's own `Double(nanodegrees) / 1e9` turns back into exactly the `Double`s the extract gave.
extension StoredTile {
    private static let magic: [UInt8] = Array("MPT1".utf8)
    /// A tile's body is at most this large once inflated (64 MiB), so corrupt sizes fail early.
    private static let maximumBodySize = 64 << 20

    /// The tile's bytes.
    func encoded() -> Data {
        var strings = StringTable()
        var body = ByteWriter()
        var ways = ByteWriter()
        encodeWays(into: &ways, strings: &strings)
        var relations = ByteWriter()
        encodeRelations(into: &relations, strings: &strings)
        body.varint(strings.values.count)
        for value in strings.values { body.string(value) }
        var bytes = body.bytes + ways.bytes + relations.bytes
        var output = ByteWriter()
        for byte in Self.magic { output.byte(byte) }
        output.varint(bytes.count)
        var compressedSize = compressBound(uLong(bytes.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedSize))
        let status = compress2(&compressed, &compressedSize, &bytes, uLong(bytes.count), 6)
        precondition(status == Z_OK, "zlib compress2 failed with \(status) on a buffer of compressBound's size")
        return Data(output.bytes + compressed.prefix(Int(compressedSize)))
    }

    /// Decodes a tile's bytes.
    ///
    /// - Throws: ``TileFormatError`` when the bytes are not a version-1 tile.
    init(decoding data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.starts(with: Self.magic) else { throw TileFormatError("not a version-1 tile") }
        var header = ByteReader(bytes)
        for _ in Self.magic { _ = try header.byte() }
        let bodySize = try header.varint()
        guard bodySize <= UInt64(Self.maximumBodySize) else { throw TileFormatError("body size \(bodySize)") }
        var body = [UInt8](repeating: 0, count: Int(bodySize))
        var inflatedSize = uLong(bodySize)
        let start = header.position
        let status = bytes.withUnsafeBufferPointer { input in
            uncompress(&body, &inflatedSize, input.baseAddress! + start, uLong(input.count - start))
        }
        guard status == Z_OK, inflatedSize == uLong(bodySize) else {
            throw TileFormatError("zlib uncompress failed (status \(status))")
        }
        var reader = ByteReader(body)
        var strings: [String] = []
        for _ in 0..<(try reader.count()) { strings.append(try reader.string()) }
        func string() throws -> String {
            let index = try reader.varint()
            guard index < strings.count else { throw TileFormatError("string \(index) out of range") }
            return strings[Int(index)]
        }
        func tags() throws -> [String: String] {
            var tags: [String: String] = [:]
            for _ in 0..<(try reader.count()) { tags[try string()] = try string() }
            return tags
        }
        var wayID: Int64 = 0
        var nodeID: Int64 = 0
        var latitude: Int64 = 0
        var longitude: Int64 = 0
        for _ in 0..<(try reader.count()) {
            wayID &+= try reader.signed()
            var way = StoredWay(id: wayID, tags: try tags(), nodeIDs: [], points: [])
            let nodeCount = try reader.count()
            way.nodeIDs.reserveCapacity(nodeCount)
            way.points.reserveCapacity(nodeCount)
            for _ in 0..<nodeCount {
                nodeID &+= try reader.signed()
                way.nodeIDs.append(nodeID)
                switch try reader.byte() {
                case 0: way.points.append(nil)
                case 1:
                    latitude &+= try reader.signed()
                    longitude &+= try reader.signed()
                    way.points.append(GeoPoint(latitude: Self.degrees(latitude), longitude: Self.degrees(longitude)))
                case let flag: throw TileFormatError("bad node flag \(flag)")
                }
            }
            ways.append(way)
        }
        var relationID: Int64 = 0
        for _ in 0..<(try reader.count()) {
            relationID &+= try reader.signed()
            var relation = StoredRelation(id: relationID, tags: try tags(), members: [], memberTiles: [])
            var memberID: Int64 = 0
            for _ in 0..<(try reader.count()) {
                let rawKind = try reader.byte()
                guard let kind = OSMRelation.MemberKind(rawValue: Int(rawKind)) else {
                    throw TileFormatError("bad member kind \(rawKind)")
                }
                memberID &+= try reader.signed()
                relation.members.append(OSMRelation.Member(kind: kind, id: memberID, role: try string()))
            }
            for _ in 0..<(try reader.count()) {
                let x = try reader.signed()
                let y = try reader.signed()
                guard let x = Int32(exactly: x), let y = Int32(exactly: y) else { throw TileFormatError("bad tile") }
                relation.memberTiles.append(TileIndex(x: x, y: y))
            }
            relations.append(relation)
        }
        guard reader.isAtEnd else { throw TileFormatError("trailing bytes") }
    }

    private func encodeWays(into writer: inout ByteWriter, strings: inout StringTable) {
        writer.varint(ways.count)
        var wayID: Int64 = 0
        var nodeID: Int64 = 0
        var latitude: Int64 = 0
        var longitude: Int64 = 0
        for way in ways {
            writer.signed(way.id &- wayID)
            wayID = way.id
            Self.encode(way.tags, into: &writer, strings: &strings)
            writer.varint(way.nodeIDs.count)
            for (id, point) in zip(way.nodeIDs, way.points) {
                writer.signed(id &- nodeID)
                nodeID = id
                guard let point else {
                    writer.byte(0)
                    continue
                }
                writer.byte(1)
                let nextLatitude = Self.nanodegrees(point.latitude)
                let nextLongitude = Self.nanodegrees(point.longitude)
                writer.signed(nextLatitude &- latitude)
                writer.signed(nextLongitude &- longitude)
                latitude = nextLatitude
                longitude = nextLongitude
            }
        }
    }

    private func encodeRelations(into writer: inout ByteWriter, strings: inout StringTable) {
        writer.varint(relations.count)
        var relationID: Int64 = 0
        for relation in relations {
            writer.signed(relation.id &- relationID)
            relationID = relation.id
            Self.encode(relation.tags, into: &writer, strings: &strings)
            writer.varint(relation.members.count)
            var memberID: Int64 = 0
            for member in relation.members {
                writer.byte(UInt8(member.kind.rawValue))
                writer.signed(member.id &- memberID)
                memberID = member.id
                writer.varint(strings.index(member.role))
            }
            writer.varint(relation.memberTiles.count)
            for tile in relation.memberTiles {
                writer.signed(Int64(tile.x))
                writer.signed(Int64(tile.y))
            }
        }
    }

    private static func encode(_ tags: [String: String], into writer: inout ByteWriter, strings: inout StringTable) {
        writer.varint(tags.count)
        for key in tags.keys.sorted() {
            writer.varint(strings.index(key))
            writer.varint(strings.index(tags[key]!))
        }
    }

    /// Degrees as integer nanodegrees, the PBF format's unit (exact for positions read from a PBF).
    private static func nanodegrees(_ degrees: Double) -> Int64 { Int64((degrees * 1e9).rounded()) }

    /// Nanodegrees as degrees, computed as the PBF reader computes them.
    private static func degrees(_ nanodegrees: Int64) -> Double { Double(nanodegrees) / 1e9 }
}

/// The strings of one tile, numbered in order of first use.
private struct StringTable {
    private(set) var values: [String] = []
    private var indices: [String: Int] = [:]

    mutating func index(_ value: String) -> Int {
        if let index = indices[value] { return index }
        indices[value] = values.count
        values.append(value)
        return values.count - 1
    }
}
