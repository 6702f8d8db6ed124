import CoreMetrics
import HTTPTypes
import Hummingbird
import JSON
import Logging
import Redis

/// Answers every error in FastAPI's JSON shape and reports server errors.
///
/// ``APIError``s pass through; Hummingbird's own errors (404, 413, …) become `{"detail": <reason>}`
/// with their status; Redis failures become 503 `{"detail": "Service Unavailable"}`; anything else is
/// 500 `{"detail": "Internal Server Error"}`. 5xx answers are logged, counted, and sent to Sentry.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let metrics: APIMetrics
    let sentry: SentryReporter?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as any HTTPResponseError {
            let reason = error.status.code == 404 ? "Not Found" : error.status.reasonPhrase
            var mapped = APIError.detail(error.status, .string(reason))
            if error.status.code == 413 { mapped = .detail(.contentTooLarge, "Request body too large") }
            if error.status.code >= 500 { report(error, request: request, context: context) }
            throw mapped
        } catch let error as RedisError {
            report(error, request: request, context: context)
            throw APIError.detail(.serviceUnavailable, "Service Unavailable")
        } catch {
            report(error, request: request, context: context)
            throw APIError.detail(.internalServerError, "Internal Server Error")
        }
    }

    private func report(_ error: any Error, request: Request, context: Context) {
        metrics.serverErrors.increment()
        context.logger.error("request failed", metadata: [APILogKey.error: "\(error)"])
        sentry?.capture(error, method: request.method.rawValue, path: request.uri.path, logger: context.logger)
    }
}
