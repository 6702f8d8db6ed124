import BlockingWork
public import Foundation
public import MapFeatures

/// A `.osm.pbf` file, read block by block.
///
/// Reading streams: blobs are read in batches of a few per core (each at most 32 MiB by the format's
/// rules, usually ~100 KiB), decoded on all cores at once, and handed over in file order, so a country
/// extract reads in bounded memory. Supported blob encodings: raw and zlib
/// (what osmium, Geofabrik and Planet use); LZMA/LZ4/ZSTD blobs are reported as unsupported.
///
/// Reading is synchronous and blocking: call it from a thread you own, not the Swift cooperative pool.
public struct PBFFile: Sendable {
    /// Where the file is.
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    /// Reads the file's `OSMHeader` block.
    @available(*, noasync, message: "blocking file I/O")
    public func header() throws -> PBFHeader {
        var reader = try BlobReader(url: url)
        while let blob = try reader.next() {
            if blob.type == "OSMHeader" {
                var scratch: [UInt8] = []
                return try blob.withContent(scratch: &scratch) { try PBFHeader.decode($0) }
            }
        }
        throw OSMError(code: .invalidData, message: "Invalid OSM extract.", detail: "\(url.path): no OSMHeader")
    }

    /// Calls `body` with every data block in file order, decoding only the `contents` asked for.
    ///
    /// Blocks are decoded on all cores, a batch at a time; `body` runs on the calling thread.
    ///
    /// - Parameters:
    ///   - contents: which kinds of elements to decode; the others are skipped cheaply.
    ///   - offsets: when given, only the blobs starting at these file offsets are read (see ``index()``).
    ///   - body: receives each decoded block and the file offset of its blob.
    @available(*, noasync, message: "blocking file I/O")
    public func forEachBlock(
        _ contents: PBFContents = .all,
        offsets: [UInt64]? = nil,
        _ body: (PBFBlock, UInt64) throws -> Void
    ) throws {
        var reader = try BlobReader(url: url)
        var remaining = offsets?.makeIterator()
        let batchSize = max(8, 4 * ProcessInfo.processInfo.activeProcessorCount)
        var batch: [BlobReader.Blob] = []
        while true {
            var ended = false
            if remaining != nil {
                if let offset = remaining!.next() { try reader.seek(to: offset) } else { ended = true }
            }
            let blob = ended ? nil : try reader.next()
            if let blob, blob.type == "OSMData" { batch.append(blob) }
            if batch.count == batchSize || (blob == nil && !batch.isEmpty) {
                for (blob, block) in zip(batch, try Self.decode(batch, contents)) { try body(block, blob.offset) }
                batch.removeAll(keepingCapacity: true)
            }
            if blob == nil { return }
        }
    }

    /// Decodes `blobs` on all cores; the first failure in file order is thrown.
    private static func decode(_ blobs: [BlobReader.Blob], _ contents: PBFContents) throws -> [PBFBlock] {
        try blobs.concurrentMap { blob in
            var scratch: [UInt8] = []
            return try blob.withContent(scratch: &scratch) { try PBFBlock.decode($0, wanted: contents) }
        }
    }

    /// Counts nodes, ways and relations (as `osmium fileinfo -e` does).
    @available(*, noasync, message: "blocking file I/O")
    public func counts() throws -> OSMCounts {
        var counts = OSMCounts()
        try forEachBlock([.nodes, .ways, .relations]) { block, _ in
            counts.nodes += block.nodeIDs.count
            counts.ways += block.ways.count
            counts.relations += block.relations.count
        }
        return counts
    }
}

/// Element totals of a file.
public struct OSMCounts: Sendable, Hashable {
    public var nodes = 0
    public var ways = 0
    public var relations = 0

    public init(nodes: Int = 0, ways: Int = 0, relations: Int = 0) {
        self.nodes = nodes
        self.ways = ways
        self.relations = relations
    }
}

/// What the `OSMHeader` block says about a file.
public struct PBFHeader: Sendable, Hashable {
    /// The extent the extract was cut to, if recorded.
    public var boundingBox: GeoBoundingBox?
    /// Features a reader must support (e.g. `OsmSchema-V0.6`, `DenseNodes`).
    public var requiredFeatures: [String]
    /// Optional properties, e.g. `Sort.Type_then_ID`.
    public var optionalFeatures: [String]

    package static func decode(_ buffer: UnsafeRawBufferPointer) throws -> PBFHeader {
        var header = PBFHeader(boundingBox: nil, requiredFeatures: [], optionalFeatures: [])
        var reader = ProtobufReader(buffer)
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, 2):
                var box = ProtobufReader(try reader.bytes())
                var values = [Int64](repeating: 0, count: 5)
                while let entry = try box.nextField() {
                    if (1...4).contains(entry.number), entry.wireType == 0 {
                        values[entry.number] = try box.signedVarint()
                    } else {
                        try box.skip(wireType: entry.wireType)
                    }
                }
                header.boundingBox = GeoBoundingBox(
                    south: Double(values[4]) * 1e-9,
                    west: Double(values[1]) * 1e-9,
                    north: Double(values[3]) * 1e-9,
                    east: Double(values[2]) * 1e-9
                )
            case (4, 2): header.requiredFeatures.append(String(decoding: try reader.bytes(), as: UTF8.self))
            case (5, 2): header.optionalFeatures.append(String(decoding: try reader.bytes(), as: UTF8.self))
            default: try reader.skip(wireType: field.wireType)
            }
        }
        return header
    }
}
