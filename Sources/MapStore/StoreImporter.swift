public import BlockingWork
import Foundation
import MapFeatures
public import OSM

/// Imports an `.osm.pbf` extract into a map data store that ``StoreSource`` reads.
///
/// The import reads the extract once (three streamed passes, see ``ExtractContents``), keeps what posters
/// draw (roads, water, parks, the coastline, the web UI's five extra layers, and the multipolygons among them, with
/// only the tags selection reads), and writes one tile object per grid square that holds any of it (``TileLayout``),
/// then `manifest.json`. Ways are stored with their node positions and multipolygons already assembled (by the code
/// that assembles them for the extract itself), so a poster's read is decoding and selecting; the sea is built from
/// the coastline when a poster is read, as it is clipped to the poster's box.
///
/// Memory: every kept way with its kept tags and node ids, and 24 bytes per node they use, are held at once.
/// Reading the extract and encoding tiles run on a ``BlockingWork/BlockingPool`` thread (encoding spreads a chunk of
/// tiles over the cores from there).
public struct StoreImporter: Sendable {
    /// The extra layers kept besides roads, water, parks and coastline: the web UI's five.
    public static let layerFilters: [TagFilter] = [.cycleways, .rail, .subway, .forests, .rivers]

    /// The side of a tile in degrees, above 0 and at most 90. Defaults to 0.1 (about 11 × 5.5 km at 60° N).
    public var tileSize: Double
    /// How many tiles are written at once. Defaults to 8.
    public var concurrentWrites: Int
    /// Where the extract is read and the tiles are encoded.
    public var pool: BlockingPool

    /// Creates an importer; every default is stated on its property.
    public init(tileSize: Double = 0.1, concurrentWrites: Int = 8, pool: BlockingPool) {
        precondition(tileSize > 0 && tileSize <= 90, "tile size must be in (0, 90] degrees")
        self.tileSize = tileSize
        self.concurrentWrites = concurrentWrites
        self.pool = pool
    }

    /// Imports `file` into `storage`, replacing what is there, and returns the manifest written last.
    ///
    /// - Throws: ``OSM/OSMError`` when the extract cannot be read or the store cannot be written.
    public func importExtract(_ file: PBFFile, into storage: any TileStorage) async throws -> StoreManifest {
        let selector = FeatureSelector(request: Self.widestRequest)
        let grid = TileGrid(size: tileSize)
        let keys = FeatureSelector.selectionKeys.union(Self.keptFilters.keys)
        let layout = try await pool.perform {
            TileLayout(
                contents: try ExtractContents.read(file, selector: selector, keys: keys), grid: grid, selector: selector
            )
        }
        let tiles = layout.tiles
        let chunkSize = 256
        for start in stride(from: 0, to: tiles.count, by: chunkSize) {
            let chunk = Array(tiles[start..<min(start + chunkSize, tiles.count)])
            let encoded = try await pool.perform { Self.encode(chunk, layout: layout) }
            try await write(encoded, to: storage)
        }
        let manifest = StoreManifest(
            format: StoreManifest.formatName,
            version: StoreManifest.currentVersion,
            tileSize: tileSize,
            extent: layout.contents.extent.map { [$0.south, $0.west, $0.north, $0.east] },
            filters: Self.keptFilters,
            source: file.url.lastPathComponent,
            tileCount: tiles.count,
            wayCount: layout.wayCount,
            relationCount: layout.contents.relations.count
        )
        try await storage.write(StoreManifest.key, data: try manifest.encoded())
        return manifest
    }

    /// A request that wants everything a store keeps, anywhere.
    static let widestRequest = {
        var request = MapDataRequest(
            boundingBox: GeoBoundingBox(south: -90, west: -180, north: 90, east: 180),
            layers: layerFilters.map { MapDataRequest.Layer(label: $0.description, color: "#000000", filter: $0) },
            includeSea: true
        )
        request.includeGreenSpace = true
        return request
    }()

    /// The tags kept besides roads, merged by key: a key kept with any value has an empty list.
    static var keptFilters: [String: [String]] {
        var values: [String: Set<String>] = [:]
        var anyValue = Set<String>()
        for filter in [TagFilter.water, .parks, .greenSpace, .coastline] + layerFilters {
            for clause in filter.clauses {
                if clause.values.isEmpty {
                    anyValue.insert(clause.key)
                } else {
                    values[clause.key, default: []].formUnion(clause.values)
                }
            }
        }
        var merged = values.mapValues { $0.sorted() }
        for key in anyValue { merged[key] = [] }
        return merged
    }

    /// Encodes `tiles` on every core.
    private static func encode(_ tiles: [TileIndex], layout: TileLayout) -> [(TileIndex, Data)] {
        Array(zip(tiles, tiles.concurrentMap { layout.tile($0).encoded() }))
    }

    private func write(_ tiles: [(TileIndex, Data)], to storage: any TileStorage) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var pending = tiles.makeIterator()
            func startNext() {
                guard let (tile, data) = pending.next() else { return }
                group.addTask { try await storage.write(tile.key, data: data) }
            }
            for _ in 0..<max(1, concurrentWrites) { startNext() }
            while try await group.next() != nil { startNext() }
        }
    }
}
