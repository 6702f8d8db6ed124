/// The one error type of the `Geocoding` module.
///
/// ``description`` is the Python original's text, `Could not find coordinates for <city>, <country>`.
public struct GeocodingError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong; an extensible set of codes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable { case notFound, unavailable }
        private let base: Base

        /// The place is unknown.
        public static let notFound = Code(base: .notFound)
        /// The service could not be reached or answered badly (a fallback may help).
        public static let unavailable = Code(base: .unavailable)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var city: String
    public var country: String
    /// Technical detail (HTTP status, curl error).
    public var detail: String?

    public init(code: Code, city: String, country: String, detail: String? = nil) {
        self.code = code
        self.city = city
        self.country = country
        self.detail = detail
    }

    public var description: String { "Could not find coordinates for \(city), \(country)" }
    public var debugDescription: String {
        "GeocodingError(\(code)): \(description)" + (detail.map { " [\($0)]" } ?? "")
    }
}
