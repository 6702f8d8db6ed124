public import BlockingWork
import Foundation
import MapFeatures

/// A ``MapDataSource`` in front of another, keeping what it returns in a ``FetchCache``: a poster's live previews
/// and the full render of the same area read the source once, whichever worker process serves them (with a
/// ``DirectoryFetchCache`` on a shared folder).
///
/// The key is ``FetchCacheKey/make(source:query:)`` of the source's ``MapDataSource/cacheIdentity`` (a local
/// extract's path, size and date: a new file is a new key) and ``MapDataRequest/cacheDescription`` (the box to the
/// micro-degree, the sea, the layers' filters). Entries are the features as JSON (``MapFeatures/MapData``'s
/// `Codable` form) with the source's warnings, encoded and decoded on a ``BlockingWork/BlockingPool`` thread (a
/// city's features are megabytes of JSON). A cache that cannot be read or written is skipped: the source answers.
public struct CachedMapDataSource: MapDataSource {
    public let source: any MapDataSource
    public let cache: any FetchCache
    /// Where entries are encoded and decoded.
    public let pool: BlockingPool

    /// Creates a source that answers from `cache`, else from `source` (keeping its answer in `cache`), with the
    /// JSON work on `pool`.
    public init(source: any MapDataSource, cache: any FetchCache, pool: BlockingPool) {
        self.source = source
        self.cache = cache
        self.pool = pool
    }

    public var cacheIdentity: String { source.cacheIdentity }

    public func coverage() async throws -> MapCoverage { try await source.coverage() }

    /// The key `request` is stored under.
    public func key(for request: MapDataRequest) -> String {
        FetchCacheKey.make(source: "features:" + source.cacheIdentity, query: request.cacheDescription)
    }

    public func mapData(for request: MapDataRequest) async throws -> MapDataResult {
        let key = key(for: request)
        if let stored = try? await cache.data(forKey: key),
            let entry = try? await pool.perform({ try JSONDecoder().decode(Entry.self, from: stored) })
        {
            return MapDataResult(mapData: entry.features, warnings: entry.warnings)
        }
        let result = try await source.mapData(for: request)
        let entry = Entry(features: result.mapData, warnings: result.warnings)
        if let data = try? await pool.perform({ try JSONEncoder().encode(entry) }) {
            try? await cache.store(data, forKey: key)
        }
        return result
    }

    private struct Entry: Codable, Sendable {
        var features: MapData
        var warnings: [String]
    }
}
