public import BlockingWork
import Foundation
import MapFeatures
public import OSM

/// Map data from a store that `mapposter import` made (``StoreImporter``): a poster reads only the tiles
/// its box needs.
///
/// The result is the one ``OSM/LocalExtractSource`` reads from the extract itself: the same ways are gathered (those
/// with a node within ``margin`` metres of the box), the same multipolygons (those with a member way there, assembled
/// from all their member ways at import by the same code), and the same ``OSM/FeatureSelector`` selects from them.
/// Decoding tiles and selecting run on a ``BlockingWork/BlockingPool`` thread.
public struct StoreSource: MapDataSource {
    /// Where the store is.
    public let storage: any TileStorage
    /// How far beyond the box ways are gathered, in metres; the same as the extract reader's. Defaults to 500.
    public var margin: Double
    /// How many tiles are read at once. Defaults to 16 (S3 requests overlap; a folder reads as fast).
    public var concurrentReads: Int
    /// Where tiles are decoded and features assembled.
    public let pool: BlockingPool

    /// Creates a source over `storage`, its CPU work on `pool`; every default is stated on its property.
    public init(storage: any TileStorage, margin: Double = 500, concurrentReads: Int = 16, pool: BlockingPool) {
        self.storage = storage
        self.margin = margin
        self.concurrentReads = concurrentReads
        self.pool = pool
    }

    public var cacheIdentity: String { "store:\(storage.location)" }

    /// The extract's extent recorded at import; the world when the extract recorded none.
    public func coverage() async throws -> MapCoverage {
        try await manifest().extentBox.map(MapCoverage.area) ?? .world
    }

    /// The store's manifest.
    ///
    /// - Throws: ``OSM/OSMError``: `fileUnreadable` when there is no store (no manifest), `invalidData` or
    ///   `unsupportedFeature` for a manifest this build cannot read.
    public func manifest() async throws -> StoreManifest {
        guard let data = try await read(StoreManifest.key) else {
            throw OSMError(
                code: .fileUnreadable, message: "Could not open the map data store.",
                detail: "\(storage.location): no \(StoreManifest.key) (not a store, or its import did not finish)")
        }
        return try StoreManifest.decode(data, location: storage.location)
    }

    public func mapData(for request: MapDataRequest) async throws -> MapDataResult {
        let manifest = try await manifest()
        let missing = manifest.uncovered(StoreManifest.filters(of: request))
        guard missing.isEmpty else {
            throw OSMError(
                code: .unsupportedFeature,
                message: "The map data store does not hold \(missing.map(\.description).joined(separator: ", ")).",
                detail: storage.location)
        }
        let near = request.boundingBox.grown(by: margin)
        let grid = manifest.grid
        // Gathering from the tiles and selecting is CPU work on every feature read: it runs on the pool.
        let selector = FeatureSelector(request: request)
        let gathering = TileGathering(selector: selector, near: near)
        let filter = TileWayFilter(near: near, selector: selector)
        let around = try await readTiles(grid.tiles(covering: near), keeping: filter)
        let homeTiles = try await pool.perform {
            gathering.add(around)
            return gathering.homeTilesToRead()
        }
        let homes = try await readTiles(homeTiles, keeping: filter)
        let extent = manifest.extentBox
        let location = storage.location
        let result = try await pool.perform {
            gathering.add(homes)
            let multipolygons: [Multipolygon]
            do {
                multipolygons = try gathering.multipolygons()
            } catch {
                throw OSMError.invalidStore(detail: "\(location): \(error)")
            }
            return gathering.selector.select(ways: gathering.takeWays(), multipolygons: multipolygons, extent: extent)
        }
        if result.mapData.roads.isEmpty { throw OSMError.noData(request.areaDescription) }
        return result
    }

    /// Reads and decodes `tiles`, ``concurrentReads`` at a time, keeping only the ways `filter` passes (each tile on
    /// its own pool job); absent tiles hold nothing.
    private func readTiles(_ tiles: [TileIndex], keeping filter: TileWayFilter) async throws
        -> [TileIndex: StoredTile]
    {
        var result: [TileIndex: StoredTile] = [:]
        try await withThrowingTaskGroup(of: (TileIndex, StoredTile?).self) { group in
            var pending = tiles.makeIterator()
            func startNext() {
                guard let tile = pending.next() else { return }
                group.addTask {
                    guard let data = try await read(tile.key) else { return (tile, nil) }
                    let location = storage.location
                    return (
                        tile,
                        try await pool.perform {
                            try Self.decode(data, key: tile.key, keeping: filter, in: location)
                        }
                    )
                }
            }
            for _ in 0..<max(1, concurrentReads) { startNext() }
            while let (tile, stored) = try await group.next() {
                result[tile] = stored ?? StoredTile()
                startNext()
            }
        }
        return result
    }

    private static func decode(_ data: Data, key: String, keeping filter: TileWayFilter, in location: String) throws
        -> StoredTile
    {
        do {
            return try StoredTile(decoding: data, keeping: filter)
        } catch {
            throw OSMError.invalidStore(detail: "\(location): \(key): \(error)")
        }
    }

    /// Reads one object; failures of the storage itself (S3 unreachable) become "Could not retrieve map data".
    private func read(_ key: String) async throws -> Data? {
        do {
            return try await storage.read(key)
        } catch let error as OSMError {
            throw error
        } catch {
            throw OSMError.fetchFailed(detail: "\(storage.location): \(key): \(error)")
        }
    }
}
