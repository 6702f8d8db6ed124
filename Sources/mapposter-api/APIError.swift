import HTTPTypes
import Hummingbird
import JSON
import NIOCore

/// An HTTP error answered in FastAPI's shape: `{"detail": …}` (or slowapi's `{"error": …}` for 429).
struct APIError: Error, HTTPResponseError, CustomStringConvertible {
    var status: HTTPResponse.Status
    /// The JSON body.
    var body: JSONValue
    var headers: HTTPFields

    init(status: HTTPResponse.Status, body: JSONValue, headers: HTTPFields = [:]) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    /// `{"detail": detail}` with `status`.
    static func detail(_ status: HTTPResponse.Status, _ detail: JSONValue) -> APIError {
        APIError(status: status, body: ["detail": detail])
    }

    /// FastAPI's request validation error: 422 with a list of pydantic issues.
    static func validation(_ issues: [JSONValue]) -> APIError {
        APIError(status: .unprocessableContent, body: ["detail": .array(issues)])
    }

    /// slowapi's answer when the limit is reached, with `Retry-After`.
    static func rateLimited(_ limit: RateLimit, retryAfter: Int) -> APIError {
        APIError(
            status: .tooManyRequests,
            body: ["error": .string("Rate limit exceeded: \(limit)")],
            headers: [.retryAfter: String(retryAfter)]
        )
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response.json(body, status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    var description: String { "HTTP \(status.code): \(body.serialized(.compact))" }
}

extension Response {
    /// A JSON response whose text keeps `value`'s key order (FastAPI's compact `JSONResponse`).
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        let text = value.serialized(.compact)
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }
}
