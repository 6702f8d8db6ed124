/// The one error type of the `OSM` module.
///
/// ``description`` is safe to show to end users (the web UI matches two of its texts:
/// "No map data found…" and "Could not retrieve map data…"); ``debugDescription`` adds the detail.
public struct OSMError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong; an extensible set of codes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case fileUnreadable, invalidData, unsupportedFeature, noData, fetchFailed, responseInvalid, cacheFailed
        }
        private let base: Base

        /// The extract could not be opened or read.
        public static let fileUnreadable = Code(base: .fileUnreadable)
        /// The extract is not valid `.osm.pbf`.
        public static let invalidData = Code(base: .invalidData)
        /// The extract needs a feature this reader lacks (e.g. LZMA blobs, history files).
        public static let unsupportedFeature = Code(base: .unsupportedFeature)
        /// Nothing to draw was found for the area.
        public static let noData = Code(base: .noData)
        /// Every Overpass endpoint failed.
        public static let fetchFailed = Code(base: .fetchFailed)
        /// An Overpass answer could not be parsed.
        public static let responseInvalid = Code(base: .responseInvalid)
        /// The fetch cache failed to read or write.
        public static let cacheFailed = Code(base: .cacheFailed)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The user-facing message.
    public var message: String
    /// Technical detail for logs (paths, HTTP statuses, offsets).
    public var detail: String?
    /// The error this one wraps, if any.
    public var underlying: (any Error & Sendable)?
    public var file: String
    public var line: Int

    public init(
        code: Code,
        message: String,
        detail: String? = nil,
        underlying: (any Error & Sendable)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.detail = detail
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    public var description: String { message }

    public var debugDescription: String {
        var text = "OSMError(\(code)): \(message)"
        if let detail { text += " [\(detail)]" }
        if let underlying { text += " underlying: \(String(reflecting: underlying))" }
        return text + " at \(file):\(line)"
    }
}

extension OSMError {
    /// The message the web UI shows when an area has no map data.
    package static func noData(_ area: String, file: String = #fileID, line: Int = #line) -> OSMError {
        OSMError(code: .noData, message: "No map data found for \(area).", file: file, line: line)
    }

    /// The message the web UI shows when every data source failed.
    package static func fetchFailed(detail: String, file: String = #fileID, line: Int = #line) -> OSMError {
        OSMError(
            code: .fetchFailed,
            message: "Could not retrieve map data for this location.",
            detail: detail,
            file: file,
            line: line
        )
    }
}
