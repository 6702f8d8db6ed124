public import Celery
public import Hummingbird
public import Logging
public import Redis
public import ServiceLifecycle
import WordStats

/// A Swift service that serves `examples.word_stats` to Celery callers, Python or Swift, and offers it over HTTP
/// too: a ``CeleryWorker`` and a Hummingbird app in one `ServiceGroup`.
///
/// `POST /stats` with a text body sends the task (whichever worker takes it, Swift or Python, answers) and returns
/// its typed result as JSON; `GET /health` answers `ok`.
public struct StatsService: Sendable {
    /// The Celery worker serving the task.
    public let worker: CeleryWorker
    /// The HTTP app.
    public let app: Application<RouterResponder<BasicRequestContext>>
    /// The Redis connections of both, closed when the group stops.
    public let redis: RedisClient

    /// - Parameters:
    ///   - redisURL: the broker and result backend, as Celery's `REDIS_URL`.
    ///   - port: the HTTP port on 127.0.0.1.
    ///   - nodeName: the worker's node name.
    ///   - logger: where the worker and the app log.
    /// - Throws: ``RedisError`` when `redisURL` is invalid.
    public init(redisURL: String, port: Int, nodeName: String = "stats@localhost", logger: Logger) throws {
        redis = try RedisClient(configuration: try RedisConfiguration(url: redisURL))
        let broker = RedisBroker(client: redis, names: KombuNames(), logger: logger)
        let backend = RedisResultBackend(client: redis)
        worker = CeleryWorker(
            configuration: WorkerConfiguration(nodeName: nodeName, concurrency: 2),
            registry: TaskRegistry([WordStats.definition]), broker: broker, backend: backend, logger: logger)
        let producer = CeleryProducer(broker: broker, backend: backend)
        let router = Router()
        router.get("health") { _, _ in "ok" }
        router.post("stats") { request, _ -> WordStats.Summary in
            let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
            return try await producer.delay(WordStats.task, .init(text: text)).get(timeout: .seconds(30))
        }
        app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
    }

    /// The services in start order: Redis first, so that it is closed last, after the worker and the app stopped.
    public var services: [any Service] { [RedisClosing(client: redis), worker, app] }
}

extension WordStats.Summary: ResponseEncodable {}

/// Closes a Redis client when its group shuts down.
struct RedisClosing: Service {
    let client: RedisClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.close()
    }
}
