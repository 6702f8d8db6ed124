import Celery
import CoreMetrics
import Hummingbird
import JSON
import Logging
import Redis

/// `POST /generate`: refuses bodies that are not `application/json` (415), validates the body like pydantic, applies the per-client rate limit, and enqueues
/// `backend.tasks.generate_poster_task` with `args=[request.model_dump()]`, as the original's `.delay()`.
struct GenerateController: Sendable {
    /// The Celery task name the Python original registers.
    static let taskName = "backend.tasks.generate_poster_task"

    let validator: any PosterRequestValidator
    let rateLimiter: RedisRateLimiter
    /// Remembers who spent a slot on each task, so that `DELETE /tasks/{id}` can give it back; `nil` for previews.
    let quota: QuotaRefund?
    let resolver: ClientAddressResolver
    let producer: CeleryProducer
    let queue: String
    let metrics: APIMetrics
    /// The route: `generate`, or `preview` for the page's live preview.
    var path = "generate"
    /// The task enqueued: the original's, or `mapposter.preview_poster` (a small PNG, nothing stored) for previews.
    var taskName = Self.taskName

    func addRoutes(to router: Router<APIRequestContext>) {
        router.post(RouterPath(path), use: generate)
    }

    @Sendable func generate(request: Request, context: APIRequestContext) async throws -> Response {
        guard Self.isJSON(request.headers[.contentType]) else {
            throw APIError.detail(.unsupportedMediaType, "Unsupported Media Type")
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let dumped = try validated(String(buffer: buffer))
        let client = resolver.clientAddress(peer: context.peerAddress, headers: request.headers)
        // The limit is checked, the slot's owner recorded and the task sent in one round trip.
        let (sent, verdict) = try await producer.send(taskName, args: [dumped], options: TaskOptions(queue: queue)) {
            rateLimiter.gate(for: client, recordingOwnerAt: quota?.ownerKey(of: $0))
        }
        let decision = try rateLimiter.decision(from: verdict)
        guard decision.allowed, let taskID = sent?.id else {
            metrics.rateLimited.increment()
            context.logger.notice("rate limit reached", metadata: [APILogKey.client: .string(client)])
            throw APIError.rateLimited(rateLimiter.limit, retryAfter: decision.retryAfter)
        }
        metrics.tasksEnqueued.increment()
        context.logger.info(
            "task enqueued", metadata: [APILogKey.taskID: .string(taskID), APILogKey.client: .string(client)])
        return .json(["task_id": .string(taskID)])
    }

    /// Whether a `Content-Type` is `application/json`, parameters such as `charset` allowed. A body without one, or
    /// with a type a cross-site form or `no-cors` fetch can send (`text/plain`, form encodings), is refused, so
    /// another site cannot post through a visitor's browser.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        // Compared byte by byte, blanks skipped and ASCII letters folded: this runs on every request.
        let expected = "application/json".utf8
        var next = expected.startIndex
        for byte in contentType.utf8 {
            if byte == UInt8(ascii: ";") { break }
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { continue }
            let folded = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            guard next != expected.endIndex, expected[next] == folded else { return false }
            next = expected.index(after: next)
        }
        return next == expected.endIndex
    }

    /// Parses and validates the body; FastAPI's 422 when it is not JSON or not a `PosterRequest`.
    func validated(_ text: String) throws -> JSONValue {
        guard !text.allSatisfy(\.isWhitespace) else {
            throw APIError.validation([
                ["type": "missing", "loc": ["body"], "msg": "Field required", "input": nil]
            ])
        }
        let body: JSONValue
        do {
            body = try JSONValue(parsing: text)
        } catch let error as JSONParseError {
            throw APIError.validation([
                [
                    "type": "json_invalid", "loc": ["body", .int(error.offset)], "msg": "JSON decode error",
                    "input": [:], "ctx": ["error": .string(error.reason)],
                ]
            ])
        }
        do {
            return try validator.validate(body)
        } catch {
            throw APIError.validation(error.detail)
        }
    }
}
