import JSON
import PosterRequestOptions
import PosterSchema

/// Validates `POST /generate` bodies with `PosterSchema`'s `PosterRequest`, the same schema and
/// lax coercions the worker re-validates with (pydantic's, as in the original), then the worker's own option
/// checks (`validateOptions()` of `PosterRequestOptions`: theme, format, distance, size, dpi, margins, colours), so a
/// request the worker would refuse is a 422 before it is queued or counted against the rate limit.
struct PosterRequestSchemaValidator: PosterRequestValidator {
    func validate(_ body: JSONValue) throws(RequestValidationFailure) -> JSONValue {
        // FastAPI validates a body model from attributes, so a non-object body is `model_attributes_type`.
        guard body.object != nil else {
            throw RequestValidationFailure(detail: [
                [
                    "type": "model_attributes_type", "loc": ["body"],
                    "msg": "Input should be a valid dictionary or object to extract fields from", "input": body,
                ]
            ])
        }
        do {
            let request = try PosterRequest(validating: body)
            try request.validateOptions()
            return request.dumped
        } catch {
            throw RequestValidationFailure(detail: error.issues.map(\.fastAPIDetail))
        }
    }
}
