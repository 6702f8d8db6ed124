import Foundation
import Geocoding
import MapStore
import OSM
import S3
public import Settings

extension PosterTask {
    /// The task as the worker runs it, configured from environment variables (by the rule of
    /// ``Settings/EnvironmentVariables``: empty counts as unset).
    ///
    /// - Geocoding: ``Geocoding/FallbackGeocoder/standard(nominatim:)``: Nominatim (`NOMINATIM_URL`)
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
    /// - Throws: ``Settings/SettingError`` when a variable is malformed; an error when the gazetteer cannot be
    ///   loaded.
    public static func standard(environment: EnvironmentVariables) throws -> PosterTask {
        var mapSource: any MapDataSource
        let cache = environment["MAPPOSTER_FETCH_CACHE_DIR"].map { path in
            DirectoryFetchCache(directory: URL(fileURLWithPath: path))
        }
        let storage = try StorageConfiguration(environment: environment)
        if let location = environment["OSM_DATA"] {
            mapSource = StoreSource(storage: try StoreLocation.storage(location, s3: storage))
        } else if let path = environment["OSM_PBF_PATH"] {
            mapSource = LocalExtractSource(url: URL(fileURLWithPath: path))
        } else {
            var configuration = OverpassSource.Configuration(environment: environment)
            configuration.cache = cache.map {
                DirectoryFetchCache(directory: $0.directory.appendingPathComponent("overpass"))
            }
            mapSource = OverpassSource(configuration: configuration)
        }
        if let cache { mapSource = CachedMapDataSource(source: mapSource, cache: cache) }
        return PosterTask(
            geocoder: try FallbackGeocoder.standard(nominatim: .standard(environment: environment)),
            mapSource: mapSource,
            store: storage.makeObjectStore())
    }
}
