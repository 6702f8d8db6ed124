import Foundation
import MapFeatures

/// A ``MapDataSource`` in front of another, keeping what it returns in a ``FetchCache``: a poster's live previews
/// and the full render of the same area read the source once, whichever worker process serves them (with a
/// ``DirectoryFetchCache`` on a shared folder).
///
/// The key is ``FetchCacheKey/make(source:query:)`` of the source's ``MapDataSource/cacheIdentity`` (a local
/// extract's path, size and date: a new file is a new key) and ``MapDataRequest/cacheDescription`` (the box to the
/// micro-degree, the sea, the layers' filters). Entries are the features as JSON (``MapFeatures/MapData``'s
/// `Codable` form) with the source's warnings. A cache that cannot be read or written is skipped: the source
/// answers.
public struct CachedMapDataSource: MapDataSource {
    public let source: any MapDataSource
    public let cache: any FetchCache

    public init(source: any MapDataSource, cache: any FetchCache) {
        self.source = source
        self.cache = cache
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
            let entry = try? JSONDecoder().decode(Entry.self, from: stored)
        {
            return MapDataResult(mapData: entry.features, warnings: entry.warnings)
        }
        let result = try await source.mapData(for: request)
        if let data = try? JSONEncoder().encode(Entry(features: result.mapData, warnings: result.warnings)) {
            try? await cache.store(data, forKey: key)
        }
        return result
    }

    private struct Entry: Codable {
        var features: MapData
        var warnings: [String]
    }
}
