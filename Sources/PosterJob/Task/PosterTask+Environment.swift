public import BlockingWork
import Foundation
import Geocoding
import MapStore
import OSM
import S3

extension PosterTask {
    /// The task as the worker runs it, configured from environment variables.
    ///
    /// Every part's blocking work (transfers, files, PBF reading, rendering) runs on `pool`; renders one at a time
    /// (a ``BlockingWork/BlockingLane`` of width 1).
    ///
    /// - Geocoding: ``Geocoding/FallbackGeocoder/standard(environment:pool:)``: Nominatim (`NOMINATIM_URL`)
    ///   with the offline gazetteer behind it, or the gazetteer alone with `GEOCODER=offline`.
    /// - Map data: the store at `OSM_DATA` when set (``MapStore/StoreSource``: a folder, or `s3://bucket/prefix`
    ///   in the S3 server of `S3_ENDPOINT_URL`, made by `mapposter import`); else the local extract at
    ///   `OSM_PBF_PATH` (a `.osm.pbf` file covering the places to draw); else Overpass
    ///   (``OSM/OverpassSource/Configuration/init(environment:)``).
    /// - Fetch cache: with `MAPPOSTER_FETCH_CACHE_DIR`, the features of each area are kept in that folder
    ///   (``OSM/CachedMapDataSource``), so previews and the full render of one area read the source once; the
    ///   Overpass source also keeps its raw answers there.
    /// - Storage: ``S3/StorageConfiguration/init(environment:)``: S3 when `S3_ENDPOINT_URL` is set,
    ///   otherwise a folder (`MAPPOSTER_STORAGE_DIR`).
    ///
    /// - Throws: when a variable is malformed or the gazetteer cannot be loaded.
    public static func standard(environment: [String: String], pool: BlockingPool) throws -> PosterTask {
        var mapSource: any MapDataSource
        let cache = environment["MAPPOSTER_FETCH_CACHE_DIR"].flatMap { path in
            path.isEmpty ? nil : DirectoryFetchCache(directory: URL(fileURLWithPath: path), pool: pool)
        }
        if let location = environment["OSM_DATA"], !location.isEmpty {
            mapSource = StoreSource(
                storage: try StoreLocation.storage(location, environment: environment, pool: pool), pool: pool)
        } else if let path = environment["OSM_PBF_PATH"], !path.isEmpty {
            mapSource = LocalExtractSource(url: URL(fileURLWithPath: path), pool: pool)
        } else {
            var configuration = OverpassSource.Configuration(environment: environment)
            configuration.cache = cache.map {
                DirectoryFetchCache(directory: $0.directory.appendingPathComponent("overpass"), pool: pool)
            }
            mapSource = OverpassSource(configuration: configuration, pool: pool)
        }
        if let cache { mapSource = CachedMapDataSource(source: mapSource, cache: cache, pool: pool) }
        return PosterTask(
            geocoder: try FallbackGeocoder.standard(environment: environment, pool: pool),
            mapSource: mapSource,
            store: try StorageConfiguration(environment: environment).makeObjectStore(pool: pool),
            renders: BlockingLane(pool: pool))
    }
}
