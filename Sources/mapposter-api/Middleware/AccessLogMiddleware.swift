import Foundation
import Hummingbird
import Logging

/// One structured log line per request (method, path, status, duration, client) and the request metrics.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let resolver: ClientAddressResolver
    let metrics: APIMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            finish(request, context: context, status: response.status.code, start: start)
            return response
        } catch let error as any HTTPResponseError {
            finish(request, context: context, status: error.status.code, start: start)
            throw error
        } catch {
            finish(request, context: context, status: 500, start: start)
            throw error
        }
    }

    private func finish(_ request: Request, context: Context, status: Int, start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let route = context.endpointPath ?? "unmatched"
        metrics.record(method: request.method.rawValue, route: route, status: status, seconds: seconds)
        context.logger.info(
            "request",
            metadata: [
                APILogKey.method: .string(request.method.rawValue),
                APILogKey.path: .string(request.uri.path),
                APILogKey.status: .stringConvertible(status),
                APILogKey.duration: .string(String(format: "%.2f", seconds * 1000)),
                APILogKey.client: .string(resolver.clientAddress(peer: context.peerAddress, headers: request.headers)),
            ])
    }
}
