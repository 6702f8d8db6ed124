public import BlockingWork
public import Foundation
package import MapFeatures

/// Map data from a local `.osm.pbf` extract (a Geofabrik country, a city cut with osmium, …).
///
/// The file is streamed in up to three reads, a batch of blobs at a time (decoded on all cores), so memory depends on the
/// requested area, not on the file size:
/// 1. every blob: keep the nodes inside the box grown by ``Configuration-swift.struct/margin``
///    metres, the wanted ways that use any of them, and the wanted multipolygons with a member way
///    near the box; remember which blobs hold nodes and which hold ways;
/// 2. way blobs only, if some multipolygon member ways lie entirely outside the grown box (they complete rings and
///    are not drawn on their own: ``OSMDataSet/memberOnlyWays``);
/// 3. node blobs only, for the nodes of kept ways outside the grown box.
/// The file must be sorted nodes, then ways, then relations (every osmium/Geofabrik file is).
/// The reading runs on a ``BlockingWork/BlockingPool`` thread, off the cooperative pool.
/// Ways whose nodes are absent from the file (clipped extracts) are kept with the nodes it has.
public struct LocalExtractSource: MapDataSource {
    /// Tuning for the extract reader.
    public struct Configuration: Sendable {
        /// How far beyond the box nodes are kept in the first read, in metres. Defaults to 500, as
        /// OSMnx buffers its graph downloads; ways that cross the box with no node within it are missed.
        public var margin: Double

        public init(margin: Double = 500) {
            self.margin = margin
        }
    }

    public let file: PBFFile
    public var configuration: Configuration
    /// Where the file is read.
    public let pool: BlockingPool

    /// Creates a source reading the extract at `url` on `pool`.
    public init(url: URL, configuration: Configuration = Configuration(), pool: BlockingPool) {
        self.file = PBFFile(url: url)
        self.configuration = configuration
        self.pool = pool
    }

    public var cacheIdentity: String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.url.path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "pbf:\(file.url.path):\(size):\(Int64(modified))"
    }

    /// The extent in the file's header (what osmium and Geofabrik record when they cut an extract); the whole world
    /// when the header records none (a planet file).
    public func coverage() async throws -> MapCoverage {
        let file = self.file
        return try await pool.perform { try Self.coverage(of: file) }
    }

    /// ``coverage()``, blocking.
    @available(*, noasync, message: "blocking file I/O")
    public static func coverage(of file: PBFFile) throws -> MapCoverage {
        try file.header().boundingBox.map(MapCoverage.area) ?? .world
    }

    public func mapData(for request: MapDataRequest) async throws -> MapDataResult {
        let file = self.file
        let margin = configuration.margin
        return try await pool.perform {
            let dataSet = try Self.load(file: file, request: request, margin: margin)
            let result = FeatureSelector(request: request).select(from: dataSet)
            if result.mapData.roads.isEmpty { throw OSMError.noData(request.areaDescription) }
            return result
        }
    }

    /// Reads the elements `request` needs from `file` (blocking).
    @available(*, noasync, message: "blocking file I/O")
    public static func load(file: PBFFile, request: MapDataRequest, margin: Double = 500) throws -> OSMDataSet {
        let selector = FeatureSelector(request: request)
        let grown = request.boundingBox.grown(by: margin)
        var dataSet = OSMDataSet()
        dataSet.extent = try file.header().boundingBox
        var nodeBlobs: [UInt64] = []
        var wayBlobs: [UInt64] = []
        var nearWays = Set<Int64>()

        try file.forEachBlock([.nodes, .ways, .relations]) { block, offset in
            if block.contents.contains(.nodes) { nodeBlobs.append(offset) }
            if block.contents.contains(.ways) { wayBlobs.append(offset) }
            for index in block.nodeIDs.indices {
                let point = GeoPoint(latitude: block.latitudes[index], longitude: block.longitudes[index])
                if grown.contains(point) { dataSet.nodes[block.nodeIDs[index]] = point }
            }
            for way in block.ways where way.nodeIDs.contains(where: { dataSet.nodes[$0] != nil }) {
                nearWays.insert(way.id)
                if selector.wantsWay(way.tags) { dataSet.ways[way.id] = way }
            }
            for relation in block.relations where selector.wantsRelation(relation.tags) {
                if relation.members.contains(where: { $0.kind == .way && nearWays.contains($0.id) }) {
                    dataSet.relations[relation.id] = relation
                }
            }
        }

        var missingWays = Set<Int64>()
        for relation in dataSet.relations.values {
            for member in relation.members where member.kind == .way && dataSet.ways[member.id] == nil {
                missingWays.insert(member.id)
            }
        }
        if !missingWays.isEmpty {
            try file.forEachBlock(.ways, offsets: wayBlobs) { block, _ in
                for way in block.ways where missingWays.contains(way.id) { dataSet.ways[way.id] = way }
            }
            dataSet.memberOnlyWays = missingWays
        }

        var missingNodes = Set<Int64>()
        for way in dataSet.ways.values {
            for id in way.nodeIDs where dataSet.nodes[id] == nil { missingNodes.insert(id) }
        }
        if !missingNodes.isEmpty {
            try file.forEachBlock(.nodes, offsets: nodeBlobs) { block, _ in
                for index in block.nodeIDs.indices where missingNodes.contains(block.nodeIDs[index]) {
                    dataSet.nodes[block.nodeIDs[index]] = GeoPoint(
                        latitude: block.latitudes[index],
                        longitude: block.longitudes[index]
                    )
                }
            }
        }
        return dataSet
    }
}

extension GeoBoundingBox {
    /// The box grown by `metres` on every side (spherical, as ``GeoBoundingBox/init(around:distance:)``).
    package func grown(by metres: Double) -> GeoBoundingBox {
        let deltaLatitude = metres / Self.earthRadius * 180 / .pi
        let middle = (north + south) / 2
        let deltaLongitude = deltaLatitude / max(cos(middle * .pi / 180), 0.01)
        return GeoBoundingBox(
            south: south - deltaLatitude,
            west: west - deltaLongitude,
            north: north + deltaLatitude,
            east: east + deltaLongitude
        )
    }
}
