import Geocoding
import S3
import Settings

/// What `mapposter` reads from the environment (by the rule of ``Settings/EnvironmentVariables``: empty counts as
/// unset): the S3 server of `s3://` map data stores and the geocoder. Everything else comes from its flags.
struct CLISettings {
    /// The S3 server of `--data`/`--output` `s3://bucket/prefix` stores: `S3_ENDPOINT_URL`, `AWS_*`, as the
    /// worker's.
    var s3: StorageConfiguration
    /// Nominatim (`NOMINATIM_URL`) for `--city`/`--country`; `nil` with `GEOCODER=offline`.
    var nominatim: NominatimGeocoder.Configuration?

    /// Reads the settings from `environment`.
    ///
    /// - Throws: ``Settings/SettingError`` naming the variable that is malformed.
    init(environment: EnvironmentVariables) throws {
        s3 = try StorageConfiguration(environment: environment)
        nominatim = try NominatimGeocoder.Configuration.standard(environment: environment)
    }

    /// The settings of this process's environment.
    static func process() throws -> CLISettings {
        try CLISettings(environment: .process())
    }
}
