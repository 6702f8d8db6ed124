import Foundation
import Logging
import ServiceLifecycle
import StatsService
import UnixSignals

/// `stats-service`: serves `examples.word_stats` from `REDIS_URL` (default `redis://127.0.0.1:6379/0`) and HTTP on
/// `PORT` (default 8080) until SIGTERM or SIGINT, which stop it gracefully: running tasks finish.
@main
struct StatsServiceCommand {
    static func main() async throws {
        let environment = ProcessInfo.processInfo.environment
        let logger = Logger(label: "stats-service")
        let service = try StatsService(
            redisURL: environment["REDIS_URL"] ?? "redis://127.0.0.1:6379/0",
            port: environment["PORT"].flatMap(Int.init) ?? 8080, logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: service.services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}
