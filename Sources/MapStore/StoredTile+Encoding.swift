import CZlib
import Foundation
import MapFeatures
import OSM

/// The tile encoding, version 2 (documented in README "Map data store").
///
/// `MPT2`, the body's size as a varint, then the body compressed with zlib. The body: a string table (count, then
/// length-prefixed UTF-8), a tag-set table (each set a count of key and value string numbers), the ways, the
/// relations. Ids and positions are zigzag varint deltas from the previous value of their kind; positions are
/// integer nanodegrees, which the PBF format's own `Double(nanodegrees) / 1e9` turns back into exactly the `Double`s
/// the extract gave.
extension StoredTile {
    private static let magic: [UInt8] = Array("MPT2".utf8)
    /// A tile's body is at most this large once inflated (256 MiB), so corrupt sizes fail early.
    private static let maximumBodySize = 256 << 20
    /// The most elements reserved ahead of a count read from a tile; beyond it, arrays grow as they fill.
    fileprivate static let maximumReservation = 1 << 16

    /// The tile's bytes.
    func encoded() -> Data {
        var tables = TableWriter()
        var positions = PositionCoder()
        var elements = ByteWriter()
        encodeWays(into: &elements, tables: &tables, positions: &positions)
        encodeRelations(into: &elements, tables: &tables, positions: &positions)
        var body = ByteWriter()
        body.varint(tables.strings.count)
        for value in tables.strings { body.string(value) }
        body.varint(tables.tagSets.count)
        for set in tables.tagSets {
            body.varint(set.count / 2)
            for index in set { body.varint(index) }
        }
        return Self.deflate(body: body.bytes + elements.bytes)
    }

    /// The tile bytes around `body`: the header, then the body compressed.
    private static func deflate(body: [UInt8]) -> Data {
        var bytes = body
        var output = ByteWriter()
        for byte in Self.magic { output.byte(byte) }
        output.varint(bytes.count)
        var compressedSize = compressBound(uLong(bytes.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedSize))
        let status = compress2(&compressed, &compressedSize, &bytes, uLong(bytes.count), 6)
        precondition(status == Z_OK, "zlib compress2 failed with \(status) on a buffer of compressBound's size")
        return Data(output.bytes + compressed.prefix(Int(compressedSize)))
    }

    /// Decodes a tile's bytes; with a `filter`, keeps only the ways it passes (the others are skipped as they are
    /// read, never stored).
    ///
    /// - Throws: ``TileFormatError`` when the bytes are not a version-2 tile.
    init(decoding data: Data, keeping filter: TileWayFilter? = nil) throws {
        try self.init(body: Self.inflate(data), keeping: filter)
    }

    /// Decodes a tile's inflated body, with `filter` as ``init(decoding:keeping:)``. Counts read from it only bound
    /// how much memory is reserved ahead, so a crafted body cannot make a small tile reserve gigabytes.
    package init(body: [UInt8], keeping filter: TileWayFilter? = nil) throws {
        var reader = ByteReader(body)
        var strings: [String] = []
        for _ in 0..<(try reader.count()) { strings.append(try reader.string()) }
        func string() throws -> String {
            let index = try reader.varint()
            guard index < strings.count else { throw TileFormatError("string \(index) out of range") }
            return strings[Int(index)]
        }
        var tagSets: [[String: String]] = []
        for _ in 0..<(try reader.count()) {
            var tags: [String: String] = [:]
            for _ in 0..<(try reader.count()) { tags[try string()] = try string() }
            tagSets.append(tags)
        }
        func tagSetIndex() throws -> Int {
            let index = try reader.varint()
            guard index < tagSets.count else { throw TileFormatError("tag set \(index) out of range") }
            return Int(index)
        }
        func tags() throws -> [String: String] { tagSets[try tagSetIndex()] }
        // What selection can make of each tag set, asked once per set rather than once per way.
        let uses = filter?.selector.map { selector in tagSets.map(selector.use(of:)) }
        // Unwrapped once: unwrapping the optional filter for each way copied it (a retain and a release of all it holds).
        let keeps: ([GeoPoint?], Int) -> Bool =
            if let filter { { points, tagSet in filter.keeps(points, use: uses?[tagSet]) } } else { { _, _ in true } }
        var positions = PositionCoder()
        var wayID: Int64 = 0
        var nodeID: Int64 = 0
        let wayCount = try reader.count()
        ways.reserveCapacity(min(wayCount, Self.maximumReservation))
        var scratch: [GeoPoint?] = []
        for _ in 0..<wayCount {
            wayID &+= try reader.signed()
            let tagSet = try tagSetIndex()
            let flags = try reader.byte()
            guard flags <= 1 else { throw TileFormatError("bad way flags \(flags)") }
            nodeID &+= try reader.signed()
            let lastNodeID = nodeID &+ (try reader.signed())
            try positions.decodePoints(from: &reader, allowingMissing: true, into: &scratch)
            if !keeps(scratch, tagSet) { continue }
            let tags = tagSets[tagSet]
            let points = scratch.withUnsafeBufferPointer { Array($0) }  // a buffer of its own, of its size
            ways.append(
                StoredWay(
                    way: PositionedWay(
                        id: wayID, tags: tags, firstNodeID: nodeID, lastNodeID: lastNodeID, points: points),
                    spansTiles: flags == 1))
        }
        var relationID: Int64 = 0
        for _ in 0..<(try reader.count()) {
            relationID &+= try reader.signed()
            let tags = try tags()
            let home = try reader.tileIndex()
            let memberPoints = try positions.decodeRing(from: &reader)
            var multipolygon: Multipolygon?
            switch try reader.byte() {
            case 0: break
            case 1:
                var areas: [Area] = []
                for _ in 0..<(try reader.count()) {
                    let outer = try positions.decodeRing(from: &reader)
                    var holes: [[GeoPoint]] = []
                    for _ in 0..<(try reader.count()) { holes.append(try positions.decodeRing(from: &reader)) }
                    areas.append(Area(outer: outer, holes: holes))
                }
                var warnings: [String] = []
                for _ in 0..<(try reader.count()) { warnings.append(try string()) }
                multipolygon = Multipolygon(id: relationID, tags: tags, areas: areas, warnings: warnings)
            case let flag: throw TileFormatError("bad relation flag \(flag)")
            }
            relations.append(
                StoredRelation(
                    id: relationID, tags: tags, memberPoints: memberPoints, home: home, multipolygon: multipolygon))
        }
        guard reader.isAtEnd else { throw TileFormatError("trailing bytes") }
    }

    /// The inflated body of a tile's bytes.
    static func inflate(_ data: Data) throws -> [UInt8] {
        guard data.starts(with: magic) else { throw TileFormatError("not a version-2 tile") }
        var header = ByteReader([UInt8](data.prefix(magic.count + 10)))  // the magic, then the size's varint
        for _ in magic { _ = try header.byte() }
        let bodySize = try header.varint()
        guard bodySize <= UInt64(maximumBodySize) else { throw TileFormatError("body size \(bodySize)") }
        var body: [UInt8] = []
        let start = header.position
        do {
            try data.withUnsafeBytes { input in
                try Inflate.inflate(
                    UnsafeRawBufferPointer(rebasing: input[start...]), expectedSize: Int(bodySize), into: &body)
            }
        } catch {
            throw TileFormatError("\(error)")
        }
        return body
    }

    private func encodeWays(into writer: inout ByteWriter, tables: inout TableWriter, positions: inout PositionCoder) {
        writer.varint(ways.count)
        var wayID: Int64 = 0
        var nodeID: Int64 = 0
        for stored in ways {
            let way = stored.way
            writer.signed(way.id &- wayID)
            wayID = way.id
            writer.varint(tables.tagSet(way.tags))
            writer.byte(stored.spansTiles ? 1 : 0)
            writer.signed(way.firstNodeID &- nodeID)
            nodeID = way.firstNodeID
            writer.signed(way.lastNodeID &- way.firstNodeID)
            positions.encode(way.points, into: &writer)
        }
    }

    private func encodeRelations(
        into writer: inout ByteWriter, tables: inout TableWriter, positions: inout PositionCoder
    ) {
        writer.varint(relations.count)
        var relationID: Int64 = 0
        for relation in relations {
            writer.signed(relation.id &- relationID)
            relationID = relation.id
            writer.varint(tables.tagSet(relation.tags))
            writer.signed(Int64(relation.home.x))
            writer.signed(Int64(relation.home.y))
            positions.encode(relation.memberPoints, into: &writer)
            guard let multipolygon = relation.multipolygon else {
                writer.byte(0)
                continue
            }
            writer.byte(1)
            writer.varint(multipolygon.areas.count)
            for area in multipolygon.areas {
                positions.encode(area.outer, into: &writer)
                writer.varint(area.holes.count)
                for hole in area.holes { positions.encode(hole, into: &writer) }
            }
            writer.varint(multipolygon.warnings.count)
            for warning in multipolygon.warnings { writer.varint(tables.string(warning)) }
        }
    }
}

/// The strings and tag sets of one tile, each numbered in order of first use.
private struct TableWriter {
    private(set) var strings: [String] = []
    /// Each set as key and value string numbers, keys in order.
    private(set) var tagSets: [[Int]] = []
    private var stringIndices: [String: Int] = [:]
    private var tagSetIndices: [[String: String]: Int] = [:]

    mutating func string(_ value: String) -> Int {
        if let index = stringIndices[value] { return index }
        stringIndices[value] = strings.count
        strings.append(value)
        return strings.count - 1
    }

    mutating func tagSet(_ tags: [String: String]) -> Int {
        if let index = tagSetIndices[tags] { return index }
        tagSetIndices[tags] = tagSets.count
        tagSets.append(tags.keys.sorted().flatMap { [string($0), string(tags[$0]!)] })
        return tagSets.count - 1
    }
}

/// Positions as zigzag-varint deltas of integer nanodegrees, each from the previous position of the tile.
///
/// A list is its count, its absent positions (a count, then each one's distance from the previous one less one), then
/// the present positions.
private struct PositionCoder {
    private var latitude: Int64 = 0
    private var longitude: Int64 = 0

    mutating func encode(_ points: [GeoPoint?], into writer: inout ByteWriter) {
        writer.varint(points.count)
        let absent = points.indices.filter { points[$0] == nil }
        writer.varint(absent.count)
        var previous = -1
        for index in absent {
            writer.varint(index - previous - 1)
            previous = index
        }
        for case let point? in points { encode(point, into: &writer) }
    }

    mutating func encode(_ points: [GeoPoint], into writer: inout ByteWriter) {
        writer.varint(points.count)
        writer.varint(0)
        for point in points { encode(point, into: &writer) }
    }

    private mutating func encode(_ point: GeoPoint, into writer: inout ByteWriter) {
        let nextLatitude = Self.nanodegrees(point.latitude)
        let nextLongitude = Self.nanodegrees(point.longitude)
        writer.signed(nextLatitude &- latitude)
        writer.signed(nextLongitude &- longitude)
        latitude = nextLatitude
        longitude = nextLongitude
    }

    /// Decodes a list of positions into `points`, replacing what it held (its capacity is kept, so a buffer reused
    /// for every way of a tile allocates only while it grows).
    mutating func decodePoints(
        from reader: inout ByteReader, allowingMissing: Bool, into points: inout [GeoPoint?]
    ) throws {
        let count = try reader.count()
        let absentCount = try reader.count()
        guard absentCount <= count, allowingMissing || absentCount == 0 else {
            throw TileFormatError("\(absentCount) absent positions of \(count)")
        }
        points.removeAll(keepingCapacity: true)
        points.reserveCapacity(min(count, StoredTile.maximumReservation))
        func appendPosition() throws {
            latitude &+= try reader.signed()
            longitude &+= try reader.signed()
            points.append(GeoPoint(latitude: Self.degrees(latitude), longitude: Self.degrees(longitude)))
        }
        guard absentCount > 0 else {
            for _ in 0..<count { try appendPosition() }
            return
        }
        // The absent positions, then a sentinel past the end.
        var absent: [Int] = []
        absent.reserveCapacity(min(absentCount, StoredTile.maximumReservation) + 1)
        var previous = -1
        for _ in 0..<absentCount {
            let step = try reader.varint()
            guard step < UInt64(count - previous - 1) else { throw TileFormatError("absent position out of range") }
            previous += 1 + Int(step)
            absent.append(previous)
        }
        absent.append(count)
        var nextAbsent = 0
        for index in 0..<count {
            if index == absent[nextAbsent] {
                points.append(nil)
                nextAbsent += 1
            } else {
                try appendPosition()
            }
        }
    }

    /// A list written without absent positions (a ring, or member nodes).
    mutating func decodeRing(from reader: inout ByteReader) throws -> [GeoPoint] {
        var points: [GeoPoint?] = []
        try decodePoints(from: &reader, allowingMissing: false, into: &points)
        return points.map { $0! }
    }

    /// Degrees as integer nanodegrees, the PBF format's unit (exact for positions read from a PBF). A crafted extract's
    /// positions may reach ±2⁶³ nanodegrees, which no longer converts back: they are held just inside.
    private static func nanodegrees(_ degrees: Double) -> Int64 {
        Int64(min(max((degrees * 1e9).rounded(), -9e18), 9e18))
    }

    /// Nanodegrees as degrees, computed as the PBF reader computes them.
    private static func degrees(_ nanodegrees: Int64) -> Double { Double(nanodegrees) / 1e9 }
}

extension ByteReader {
    /// A tile number written as two zigzag varints.
    fileprivate mutating func tileIndex() throws -> TileIndex {
        guard let x = Int32(exactly: try signed()), let y = Int32(exactly: try signed()) else {
            throw TileFormatError("bad tile number")
        }
        return TileIndex(x: x, y: y)
    }
}
