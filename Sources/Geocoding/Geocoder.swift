public import MapFeatures

/// Turns "city, country" into coordinates.
public protocol Geocoder: Sendable {
    /// The position of `city` in `country`.
    ///
    /// - Throws: ``GeocodingError``: ``GeocodingError/Code/notFound`` when the place is unknown,
    ///   ``GeocodingError/Code/unavailable`` when the service cannot answer.
    func coordinates(city: String, country: String) async throws -> GeoPoint
}
