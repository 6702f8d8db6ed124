import Hummingbird
import JSON

/// Caps request bodies at ``limit`` bytes: a larger `Content-Length` is answered 413 at once, and handlers
/// that collect a body stop at the limit (Hummingbird answers 413 then as well).
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError.detail(.contentTooLarge, "Request body too large")
        }
        var context = context
        context.maxUploadSize = limit
        return try await next(request, context)
    }
}
