import Foundation
import Logging

/// Everything `mapposter-api` is configured with, read from the environment and overridden by options.
///
/// Names and defaults follow the Python original (`REDIS_URL`, `S3_*`, `SENTRY_DSN`) plus the gateway's
/// (`TRUSTED_PROXIES`, `GENERATE_RATE_LIMIT`, `CORS_ORIGINS`, `LOG_LEVEL`).
struct APISettings: Sendable {
    /// The address to listen on. Defaults to `127.0.0.1`.
    var hostname: String
    /// The port to listen on. Defaults to `8000`, uvicorn's in the original's compose file.
    var port: Int
    /// Broker and result backend (`REDIS_URL`). Defaults to `redis://redis:6379/0`, as the original.
    var redisURL: String
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
    /// The environment the settings came from, for the modules that read their own variables
    /// (storage, geocoding).
    var environment: [String: String]

    /// Reads the settings from `environment` (pass `ProcessInfo.processInfo.environment`, or a literal in tests).
    ///
    /// - Throws: ``APISettingsError`` naming the variable that is malformed.
    init(environment: [String: String]) throws(APISettingsError) {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        hostname = "127.0.0.1"
        port = 8000
        redisURL = value("REDIS_URL") ?? "redis://redis:6379/0"
        do {
            trustedProxies = try IPNetwork.list(value("TRUSTED_PROXIES") ?? "127.0.0.0/8,::1/128")
        } catch {
            throw APISettingsError(variable: "TRUSTED_PROXIES", reason: "\(error)")
        }
        guard let limit = RateLimit(value("GENERATE_RATE_LIMIT") ?? "5/minute") else {
            throw APISettingsError(
                variable: "GENERATE_RATE_LIMIT", reason: "expected COUNT/UNIT such as 5/minute or 100/hour")
        }
        generateRateLimit = limit
        guard let previewLimit = RateLimit(value("PREVIEW_RATE_LIMIT") ?? "60/minute") else {
            throw APISettingsError(
                variable: "PREVIEW_RATE_LIMIT", reason: "expected COUNT/UNIT such as 60/minute or 1000/hour")
        }
        previewRateLimit = previewLimit
        corsOrigins = (value("CORS_ORIGINS") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let level = Logger.Level(rawValue: value("LOG_LEVEL")?.lowercased() ?? "info") else {
            throw APISettingsError(variable: "LOG_LEVEL", reason: "expected trace, debug, info, notice, warning, error")
        }
        logLevel = level
        sentryDSN = value("SENTRY_DSN")
        let size = value("MAX_BODY_SIZE").map { Int($0) } ?? 2 * 1024 * 1024
        guard let size, size > 0 else {
            throw APISettingsError(variable: "MAX_BODY_SIZE", reason: "expected a positive number of bytes")
        }
        maxBodySize = size
        queue = value("CELERY_DEFAULT_QUEUE") ?? "celery"
        self.environment = environment
    }
}

/// A setting could not be read.
struct APISettingsError: Error, CustomStringConvertible {
    var variable: String
    var reason: String
    var description: String { "\(variable): \(reason)" }
}
