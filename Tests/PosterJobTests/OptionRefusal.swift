import JSON
import PosterRequestOptions
import PosterSchema
import Testing

/// Checks that the request `object` is read but its options are refused, as ``PosterRequest/validateOptions()``
/// refuses them before any work: an `invalidOptions` error naming `field`, its message starting with `message`.
///
/// - Returns: the error, for further checks; `nil` when the options were accepted (recorded as an issue).
@discardableResult
func expectOptionsRefused(
    _ object: JSONObject, field: String, message: String, sourceLocation: SourceLocation = #_sourceLocation
) throws -> PosterJobError? {
    let request = try PosterRequest(validating: .object(object))
    do {
        try request.validateOptions()
        Issue.record("accepted \(object)", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(error.code == .invalidOptions, sourceLocation: sourceLocation)
        #expect(error.message.hasPrefix(message), "\(error.message)", sourceLocation: sourceLocation)
        #expect(error.issues.map(\.locationJSON) == [[.string(field)]], sourceLocation: sourceLocation)
        return error
    }
}
