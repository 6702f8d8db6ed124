import HTTPTypes
import Hummingbird

/// CORS for the origins in `CORS_ORIGINS` (`*` for any); with none configured, no CORS header is sent
/// and browsers keep to the same origin (the page is served through the same gateway).
///
/// A preflight (`OPTIONS` with `Access-Control-Request-Method`) from an allowed origin is answered 204
/// here; other requests get `Access-Control-Allow-Origin` and `Vary: Origin`.
struct OriginPolicyMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let origins: [String]

    func allowedOrigin(_ origin: String?) -> String? {
        guard let origin, origin != "null" else { return nil }
        if origins.contains("*") { return "*" }
        return origins.contains(origin) ? origin : nil
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let allowed = allowedOrigin(request.headers[.origin])
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            guard let allowed else { return Response(status: .forbidden) }
            return Response(
                status: .noContent,
                headers: [
                    .accessControlAllowOrigin: allowed, .accessControlAllowMethods: "GET, POST, OPTIONS",
                    .accessControlAllowHeaders: "Content-Type, Accept", .accessControlMaxAge: "600", .vary: "Origin",
                ])
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = try error.response(from: request, context: context)
        }
        if let allowed {
            response.headers[.accessControlAllowOrigin] = allowed
            response.headers.append(HTTPField(name: .vary, value: "Origin"))
        }
        return response
    }
}
