import Hummingbird
import JSON
import Logging
import Redis

/// `GET /health`: 200 when Redis answers `PING` and the poster storage can be listed, else 503 naming
/// what failed: `{"status": "ok"|"unavailable", "checks": {"redis": "ok"|"error: …", "storage": …}}`.
struct HealthController: Sendable {
    let redis: RedisClient
    let archive: (any PosterArchive)?

    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("health", use: health)
    }

    @Sendable func health(request: Request, context: APIRequestContext) async throws -> Response {
        async let redisCheck = Self.check { _ = try await redis.execute(["PING"]) }
        async let storageCheck = Self.check { try await archive?.checkHealth() }
        let checks: [(String, String?)] = [("redis", await redisCheck), ("storage", await storageCheck)]
        let healthy = checks.allSatisfy { $0.1 == nil }
        if !healthy {
            context.logger.warning("health check failed", metadata: [APILogKey.error: "\(checks)"])
        }
        let body: JSONValue = [
            "status": healthy ? "ok" : "unavailable",
            "checks": .object(JSONObject(checks.map { ($0.0, .string($0.1.map { "error: \($0)" } ?? "ok")) })),
        ]
        return .json(body, status: healthy ? .ok : .serviceUnavailable)
    }

    /// `nil` when `body` succeeds, else the error's text.
    private static func check(_ body: @Sendable () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch {
            return "\(error)"
        }
    }
}
