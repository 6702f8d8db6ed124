import Foundation
import Geocoding
import Logging
import MapStore
import Redis
import S3
import Settings

/// Everything `mapposter-api` is configured with, read from the environment and overridden by options: the one
/// place the API reads its variables.
///
/// Names and defaults follow the Python original (`REDIS_URL`, `S3_*`, `SENTRY_DSN`) and Celery
/// (`CELERY_BROKER_URL`, `CELERY_BROKER_TRANSPORT_OPTIONS`, `CELERY_DEFAULT_QUEUE`), plus the gateway's
/// (`TRUSTED_PROXIES`, `GENERATE_RATE_LIMIT`, `CORS_ORIGINS`, `LOG_LEVEL`) and the workers' (`GEOCODER`,
/// `NOMINATIM_URL`, `OSM_DATA`, `OSM_PBF_PATH`).
struct APISettings: Sendable {
    /// The address to listen on. Defaults to `127.0.0.1`.
    var hostname: String
    /// The port to listen on. Defaults to `8000`, uvicorn's in the original's compose file.
    var port: Int
    /// Peers whose `X-Forwarded-For`/`X-Real-IP` are believed (`TRUSTED_PROXIES`, comma-separated CIDRs).
    /// Defaults to loopback (`127.0.0.0/8,::1/128`).
    var trustedProxies: [IPNetwork]
    /// The limit on `POST /generate` per client address (`GENERATE_RATE_LIMIT`). Defaults to `5/minute`.
    var generateRateLimit: RateLimit
    /// The limit on `POST /preview` per client address (`PREVIEW_RATE_LIMIT`), apart from the posters'. Defaults to
    /// `60/minute`: the page asks for one preview per change, debounced.
    var previewRateLimit: RateLimit
    /// Origins allowed by CORS (`CORS_ORIGINS`, comma-separated, `*` for any). Defaults to none (same origin).
    var corsOrigins: [String]
    /// The log level (`LOG_LEVEL`). Defaults to `info`.
    var logLevel: Logger.Level
    /// Sentry's DSN (`SENTRY_DSN`); error reporting is off when `nil`.
    var sentryDSN: String?
    /// The largest request body accepted, in bytes (`MAX_BODY_SIZE`). Defaults to 2 MiB, room for a GPX route of
    /// ``OSM/GPXRoute/maximumBytes`` escaped in JSON; larger ones get 413.
    var maxBodySize: Int
    /// The Celery queue tasks go to (`CELERY_DEFAULT_QUEUE`). Defaults to `celery`.
    var queue: String
    /// Broker and result backend: `REDIS_URL` (the original's name; `CELERY_BROKER_URL` is read first when given),
    /// with Celery's `CELERY_BROKER_TRANSPORT_OPTIONS` (Sentinel's master name and password). Defaults to
    /// `redis://redis:6379/0`, as the original.
    var redis: RedisConfiguration
    /// The poster store `/history` lists and `/health` checks: the workers' (`S3_ENDPOINT_URL`, `S3_BUCKET`,
    /// `S3_PUBLIC_URL`, `AWS_*`, `MAPPOSTER_STORAGE_DIR`).
    var storage: StorageConfiguration
    /// Nominatim for `/geocode` (`NOMINATIM_URL`); `nil` with `GEOCODER=offline`, when the gazetteer answers alone.
    var nominatim: NominatimGeocoder.Configuration?
    /// Where the workers' map data is (`OSM_DATA`, `OSM_PBF_PATH` or Overpass), whose extent `/coverage` answers.
    var mapData: MapDataSettings

    /// Reads the settings from `environment` by the rule of ``Settings/EnvironmentVariables``: a variable that is
    /// empty counts as unset.
    ///
    /// - Throws: ``Settings/SettingError`` naming the variable that is malformed.
    init(environment: EnvironmentVariables) throws {
        hostname = "127.0.0.1"
        port = 8000
        redis = try RedisConfiguration(environment: environment, defaultURL: "redis://redis:6379/0")
        trustedProxies =
            try environment.value("TRUSTED_PROXIES", expected: "comma-separated CIDRs such as 10.0.0.0/8") {
                IPNetwork.list($0)
            } ?? IPNetwork.loopback
        generateRateLimit =
            try environment.value("GENERATE_RATE_LIMIT", expected: "COUNT/UNIT such as 5/minute or 100/hour") {
                RateLimit($0)
            } ?? RateLimit("5/minute")!
        previewRateLimit =
            try environment.value("PREVIEW_RATE_LIMIT", expected: "COUNT/UNIT such as 60/minute or 1000/hour") {
                RateLimit($0)
            } ?? RateLimit("60/minute")!
        corsOrigins = environment.list("CORS_ORIGINS") ?? []
        logLevel =
            try environment.value("LOG_LEVEL", expected: "trace, debug, info, notice, warning, error or critical") {
                Logger.Level(rawValue: $0.lowercased())
            } ?? .info
        sentryDSN = environment["SENTRY_DSN"]
        maxBodySize = try environment.integer("MAX_BODY_SIZE", in: 1 ... .max) ?? 2 * 1024 * 1024
        queue = environment["CELERY_DEFAULT_QUEUE"] ?? "celery"
        storage = try StorageConfiguration(environment: environment)
        nominatim = try NominatimGeocoder.Configuration.standard(environment: environment)
        mapData = MapDataSettings(environment: environment)
    }
}
