public import BlockingWork
public import MapFeatures

/// Tries a primary geocoder and, when it is unavailable (not when the place is unknown), a fallback.
///
/// The standard setup is Nominatim with the offline ``Gazetteer`` behind it; with
/// `GEOCODER=offline` in the environment only the gazetteer is used.
public struct FallbackGeocoder: Geocoder {
    public let primary: any Geocoder
    public let fallback: any Geocoder

    public init(primary: any Geocoder, fallback: any Geocoder) {
        self.primary = primary
        self.fallback = fallback
    }

    /// Nominatim as `nominatim` configures it (its requests on `pool`), backed by the gazetteer; the gazetteer
    /// alone when `nominatim` is `nil` (``NominatimGeocoder/Configuration-swift.struct/standard(environment:)``
    /// reads both from the environment).
    ///
    /// - Throws: when the gazetteer cannot be loaded.
    public static func standard(nominatim: NominatimGeocoder.Configuration?, pool: BlockingPool) throws
        -> any Geocoder
    {
        let gazetteer = try Gazetteer()
        guard let nominatim else { return gazetteer }
        return FallbackGeocoder(primary: NominatimGeocoder(configuration: nominatim, pool: pool), fallback: gazetteer)
    }

    public func coordinates(city: String, country: String) async throws -> GeoPoint {
        do {
            return try await primary.coordinates(city: city, country: country)
        } catch let error as GeocodingError where error.code == .unavailable {
            return try await fallback.coordinates(city: city, country: country)
        }
    }
}
