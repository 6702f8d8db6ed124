import BlockingWork
import Celery
import Foundation
import Hummingbird
import Logging
import Redis
import ServiceLifecycle

/// The parts of the API that other modules provide, replaceable in tests.
struct APIDependencies: Sendable {
    /// Validates `POST /generate` bodies.
    var validator: any PosterRequestValidator
    /// The themes `/themes` lists.
    var themes: any ThemeCatalog
    /// The poster storage of `/history` and `/health`.
    var archive: any PosterArchive
}

/// Builds the API application: routes, middleware, the Redis client and the blocking-work pool (S3 and Nominatim
/// transfers, the poster folder, the extract's header) and their lifetimes.
///
/// - Parameters:
///   - settings: the configuration (``APISettings/init(environment:)``).
///   - dependencies: the seams to other modules; ``APIDependencies/standard(settings:pool:)`` when `nil`.
///   - metrics: where the API's metrics go; a fresh registry when `nil`.
///   - logger: the server's logger; one labelled `mapposter-api` at ``APISettings/logLevel`` when `nil`.
func buildApplication(
    _ settings: APISettings,
    dependencies: APIDependencies? = nil,
    metrics: APIMetrics = APIMetrics(),
    logger: Logger? = nil
) async throws -> some ApplicationProtocol {
    var logger = logger ?? Logger(label: "mapposter-api")
    if logger.logLevel > settings.logLevel || logger.logLevel == .info { logger.logLevel = settings.logLevel }
    let pool = BlockingPool()
    let dependencies = dependencies ?? APIDependencies.standard(settings: settings, pool: pool)
    let redis = try RedisClient(configuration: settings.redis)
    // The database number names the remote-control fanout channel (`/<db>.celery.pidbox`), as kombu's does.
    let broker = RedisBroker(client: redis, names: KombuNames(database: settings.redis.database), logger: logger)
    let backend = RedisResultBackend(client: redis)
    let producer = CeleryProducer(broker: broker, backend: backend)
    let resolver = ClientAddressResolver(trustedProxies: settings.trustedProxies)
    let sentry = settings.sentryDSN.flatMap { SentryReporter(dsn: $0, pool: pool) }
    if settings.sentryDSN != nil, sentry == nil { logger.warning("SENTRY_DSN is not a Sentry DSN; reporting is off") }

    let router = Router(context: APIRequestContext.self)
    router.add(middleware: AccessLogMiddleware(resolver: resolver, metrics: metrics))
    if !settings.corsOrigins.isEmpty {
        router.add(middleware: OriginPolicyMiddleware(origins: settings.corsOrigins))
    }
    router.add(middleware: ErrorMiddleware(metrics: metrics, sentry: sentry))
    router.add(middleware: BodyLimitMiddleware(limit: settings.maxBodySize))

    let rateLimiter = RedisRateLimiter(limit: settings.generateRateLimit, name: "generate")
    let quota = QuotaRefund(client: redis, limiter: rateLimiter)
    GenerateController(
        validator: dependencies.validator, rateLimiter: rateLimiter, quota: quota,
        resolver: resolver, producer: producer, queue: settings.queue, metrics: metrics
    ).addRoutes(to: router)
    GenerateController(
        validator: dependencies.validator,
        rateLimiter: RedisRateLimiter(limit: settings.previewRateLimit, name: "preview"), quota: nil,
        resolver: resolver, producer: producer, queue: settings.queue, metrics: metrics, path: "preview",
        taskName: "mapposter.preview_poster"
    ).addRoutes(to: router)
    TaskController(backend: backend).addRoutes(to: router)
    CancelController(
        backend: backend,
        pidbox: Pidbox(
            client: redis, names: broker.names, nodeName: "mapposter-api@\(ProcessInfo.processInfo.hostName)",
            logger: logger),
        revoked: RevokedStore(client: redis, keyPrefix: broker.names.keyPrefix), quota: quota
    ).addRoutes(to: router)
    ThemeController(catalog: dependencies.themes).addRoutes(to: router)
    GeocodeController(nominatim: settings.nominatim, pool: pool).addRoutes(to: router)
    try CoverageController(mapData: settings.mapData, s3: settings.storage, pool: pool).addRoutes(to: router)
    HistoryController(archive: dependencies.archive, resolver: resolver).addRoutes(to: router)
    HealthController(redis: redis, archive: dependencies.archive).addRoutes(to: router)
    try OpenAPIController().addRoutes(to: router)
    MetricsController(registry: metrics.registry).addRoutes(to: router)
    router.addMethodNotAllowedRoutes()

    return Application(
        router: router,
        configuration: .init(address: .hostname(settings.hostname, port: settings.port), serverName: "mapposter-api"),
        // The server stops first, then these in reverse: Redis, then the pool once its work is done.
        services: [pool, RedisClientService(client: redis)],
        logger: logger
    )
}

/// Keeps the Redis client for the application's lifetime and closes it at shutdown.
struct RedisClientService: Service {
    let client: RedisClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.close()
    }
}
