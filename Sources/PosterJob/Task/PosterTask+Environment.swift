public import BlockingWork
import Foundation
import Geocoding
import MapStore
import S3
public import Settings

extension PosterTask {
    /// The task as the worker runs it, configured from environment variables (by the rule of
    /// ``Settings/EnvironmentVariables``: empty counts as unset).
    ///
    /// Every part's blocking work (transfers, files, PBF reading, rendering) runs on `pool`; renders one at a time
    /// (a ``BlockingWork/BlockingLane`` of width 1).
    ///
    /// - Geocoding: ``Geocoding/FallbackGeocoder/standard(nominatim:pool:)``: Nominatim (`NOMINATIM_URL`)
    ///   with the offline gazetteer behind it, or the gazetteer alone with `GEOCODER=offline`.
    /// - Map data: ``MapStore/MapDataSettings/init(environment:)``: the store at `OSM_DATA` (made by
    ///   `mapposter import`), else the extract at `OSM_PBF_PATH`, else Overpass (`OVERPASS_URL`); with
    ///   `MAPPOSTER_FETCH_CACHE_DIR`, the features of each area are kept in that folder, so previews and the full
    ///   render of one area read the source once.
    /// - Storage: ``S3/StorageConfiguration/init(environment:)``: S3 when `S3_ENDPOINT_URL` is set,
    ///   otherwise a folder (`MAPPOSTER_STORAGE_DIR`).
    ///
    /// - Throws: ``Settings/SettingError`` when a variable is malformed; an error when the gazetteer cannot be
    ///   loaded.
    public static func standard(environment: EnvironmentVariables, pool: BlockingPool) throws -> PosterTask {
        let storage = try StorageConfiguration(environment: environment)
        let mapSource = try MapDataSettings(environment: environment).makeSource(s3: storage, pool: pool)
        return PosterTask(
            geocoder: try FallbackGeocoder.standard(nominatim: .standard(environment: environment), pool: pool),
            mapSource: mapSource,
            store: storage.makeObjectStore(pool: pool),
            renders: BlockingLane(pool: pool))
    }
}
