/// The error of the poster job: its request's schema (`PosterSchema`), its option checks (`PosterRequestOptions`) and
/// its pipeline (`PosterJob`).
///
/// ``description`` is safe to show an end user; ``debugDescription`` adds the source location.
/// A request that fails validation carries one ``ValidationIssue`` per problem, in pydantic's order,
/// so the API can answer FastAPI's `422 {"detail": [...]}`.
public struct PosterJobError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidJSON, invalidRequest, invalidOptions, placeNotFound, geocoderUnavailable, noMapData,
                dataSourceFailed
            case renderFailed, storageFailed
        }
        private let base: Base

        /// The input is not JSON text.
        public static let invalidJSON = Code(base: .invalidJSON)
        /// The input is JSON but does not satisfy the `PosterRequest` schema.
        public static let invalidRequest = Code(base: .invalidRequest)
        /// The request is well-formed but asks for something the worker refuses: an unknown theme or
        /// format, a distance outside 500–100,000 m, an absurd size or dpi, margins that leave too little room
        /// for the map and its text, a malformed colour.
        public static let invalidOptions = Code(base: .invalidOptions)
        /// The geocoder does not know "city, country".
        public static let placeNotFound = Code(base: .placeNotFound)
        /// No geocoder could answer (Nominatim down and no offline match).
        public static let geocoderUnavailable = Code(base: .geocoderUnavailable)
        /// The data source failed or the area has nothing to draw.
        public static let noMapData = Code(base: .noMapData)
        /// The map data source is broken (an unreadable or invalid extract, a failing cache).
        public static let dataSourceFailed = Code(base: .dataSourceFailed)
        /// Drawing or encoding the poster failed.
        public static let renderFailed = Code(base: .renderFailed)
        /// The object store could not take the file.
        public static let storageFailed = Code(base: .storageFailed)

        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// The schema violations when ``code`` is ``Code/invalidRequest``; the refused field (a pydantic `value_error`)
    /// when it is ``Code/invalidOptions`` raised by `PosterRequest.validateOptions()`; otherwise empty.
    public var issues: [ValidationIssue]
    /// The file that raised the error.
    public var file: String
    /// The line that raised the error.
    public var line: Int

    /// Creates an error.
    public init(
        code: Code,
        message: String,
        issues: [ValidationIssue] = [],
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.issues = issues
        self.file = file
        self.line = line
    }

    public var description: String { message }

    /// The Python builtin exception a Celery caller sees for this error: `ValueError` for a bad
    /// request, an unknown place or missing map data (as the Python original raises them), and
    /// `RuntimeError` for failures of the worker's own machinery (rendering, storage, geocoder outage).
    public var pythonExceptionType: String {
        switch code {
        case .renderFailed, .storageFailed, .geocoderUnavailable, .dataSourceFailed: "RuntimeError"
        default: "ValueError"
        }
    }

    public var debugDescription: String { "PosterJobError(\(code)): \(message) [\(file):\(line)]" }
}
