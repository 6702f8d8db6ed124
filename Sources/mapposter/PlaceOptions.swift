import ArgumentParser
import Foundation
import Geocoding
import MapFeatures

/// Where the poster is: `--lat`/`--lon`, or `--city`/`--country` geocoded when they are absent.
struct PlaceOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Latitude of the centre, decimal degrees (negative is south).")
    var lat: Double?

    @Option(parsing: .unconditional, help: "Longitude of the centre, decimal degrees (negative is west).")
    var lon: Double?

    @Option(help: "Place name, drawn as the title; geocoded with --country when --lat/--lon are absent.")
    var city: String = ""

    @Option(help: "Country, drawn under the title.")
    var country: String = ""

    @Flag(
        help: """
            Geocode with the offline gazetteer only, never Nominatim (as GEOCODER=offline does). Without it, \
            Nominatim (NOMINATIM_URL) is asked first and the gazetteer answers when Nominatim cannot.
            """
    )
    var offline = false

    func validate() throws {
        if (lat == nil) != (lon == nil) { throw ValidationError("Give both --lat and --lon, or neither.") }
        if lat == nil, city.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("Give --lat and --lon, or --city (and --country) to geocode.")
        }
    }

    /// Whether the centre comes from geocoding rather than from `--lat`/`--lon`.
    var needsGeocoding: Bool { lat == nil || lon == nil }

    /// The centre: `--lat`/`--lon` as given, or the geocoded `--city`, `--country`.
    ///
    /// - Throws: `GeocodingError` ("Could not find coordinates for …") when the place is unknown.
    func center(environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> GeoPoint {
        if let lat, let lon { return GeoPoint(latitude: lat, longitude: lon) }
        let geocoder: any Geocoder = offline ? try Gazetteer() : try FallbackGeocoder.standard(environment: environment)
        return try await geocoder.coordinates(city: city, country: country)
    }

    /// How messages name the place, e.g. `"Helsinki, Finland"`, or `nil` without a city.
    var areaName: String? {
        guard !city.isEmpty else { return nil }
        return country.isEmpty ? city : "\(city), \(country)"
    }
}
