import JSON

/// Validates a `POST /generate` body the way pydantic validates the original's `PosterRequest`, and refuses what
/// the worker would refuse.
protocol PosterRequestValidator: Sendable {
    /// The request as `model_dump()` returns it: the dict to enqueue as `args[0]`.
    ///
    /// - Throws: ``RequestValidationFailure`` with FastAPI's `detail` items when the body is invalid.
    func validate(_ body: JSONValue) throws(RequestValidationFailure) -> JSONValue
}

/// The body does not satisfy the schema or asks for what the worker refuses; ``detail`` is FastAPI's 422 list
/// (`type`, `loc`, `msg`, `input`, …).
struct RequestValidationFailure: Error {
    var detail: [JSONValue]
}
