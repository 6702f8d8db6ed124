public import BlockingWork
public import Foundation
public import OSM
public import S3
public import Settings

/// Where posters' map data comes from, as the workers and the API read it from the environment: a store made by
/// `mapposter import` (`OSM_DATA`), else an `.osm.pbf` extract (`OSM_PBF_PATH`), else Overpass (`OVERPASS_URL`);
/// with `MAPPOSTER_FETCH_CACHE_DIR`, a folder that keeps the features of each area read.
///
/// Workers draw from ``makeSource(s3:)``; the API answers `GET /coverage` from the same source, so both agree on
/// where there is data.
public struct MapDataSettings: Sendable {
    /// Where the data is.
    public enum Location: Sendable {
        /// A map data store: a folder, or `s3://bucket/prefix` in the S3 server of the poster store.
        case store(String)
        /// A local `.osm.pbf` extract.
        case extract(path: String)
        /// The Overpass API.
        case overpass(OverpassSource.Configuration)
    }

    /// Where the data is. Defaults to Overpass.
    public var location: Location
    /// The folder where the features of each area are kept (and Overpass's raw answers, in `overpass/`); `nil`
    /// for none.
    public var fetchCacheDirectory: URL?

    /// Creates the settings; without arguments, Overpass with no cache.
    public init(location: Location = .overpass(OverpassSource.Configuration()), fetchCacheDirectory: URL? = nil) {
        self.location = location
        self.fetchCacheDirectory = fetchCacheDirectory
    }

    /// Reads `OSM_DATA`, `OSM_PBF_PATH`, `OVERPASS_URL` and `MAPPOSTER_FETCH_CACHE_DIR` (empty counts as unset).
    public init(environment: EnvironmentVariables) {
        if let store = environment["OSM_DATA"] {
            location = .store(store)
        } else if let path = environment["OSM_PBF_PATH"] {
            location = .extract(path: path)
        } else {
            location = .overpass(OverpassSource.Configuration(environment: environment))
        }
        fetchCacheDirectory = environment["MAPPOSTER_FETCH_CACHE_DIR"].map { URL(fileURLWithPath: $0) }
    }

    /// The source these settings name, behind the fetch cache when there is one.
    ///
    /// - Parameters:
    ///   - s3: the S3 server of an `s3://` store (the poster store's endpoint and credentials).
    ///   - pool: where the source's blocking work runs (files, transfers, PBF reading, decoding).
    /// - Throws: ``OSM/OSMError`` for an `s3://` store without a bucket or without an S3 server.
    public func makeSource(s3: StorageConfiguration, pool: BlockingPool) throws -> any MapDataSource {
        let cache = fetchCacheDirectory.map { DirectoryFetchCache(directory: $0, pool: pool) }
        let source: any MapDataSource
        switch location {
        case .store(let text):
            source = StoreSource(storage: try StoreLocation.storage(text, s3: s3, pool: pool), pool: pool)
        case .extract(let path):
            source = LocalExtractSource(url: URL(fileURLWithPath: path), pool: pool)
        case .overpass(var configuration):
            configuration.cache = cache.map {
                DirectoryFetchCache(directory: $0.directory.appendingPathComponent("overpass"), pool: pool)
            }
            source = OverpassSource(configuration: configuration, pool: pool)
        }
        return cache.map { CachedMapDataSource(source: source, cache: $0, pool: pool) } ?? source
    }
}
