import ArgumentParser
import BlockingWork
import Foundation
import Geocoding
import MapFeatures
import OSM

/// Where the poster is: `--lat`/`--lon`, else the middle of the `--gpx` route, else `--city`/`--country` geocoded.
struct PlaceOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Latitude of the centre, decimal degrees (negative is south).")
    var lat: Double?

    @Option(parsing: .unconditional, help: "Longitude of the centre, decimal degrees (negative is west).")
    var lon: Double?

    @Option(help: "Place name, drawn as the title; geocoded with --country when --lat/--lon are absent.")
    var city: String = ""

    @Option(help: "Country, drawn under the title.")
    var country: String = ""

    @Option(
        help: """
            GPX file whose tracks and routes are drawn above the roads; without --lat/--lon the poster is centred on \
            the route and sized to it (up to 1 MiB).
            """
    )
    var gpx: String?

    @Flag(
        help: """
            Geocode with the offline gazetteer only, never Nominatim (as GEOCODER=offline does). Without it, \
            Nominatim (NOMINATIM_URL) is asked first and the gazetteer answers when Nominatim cannot.
            """
    )
    var offline = false

    func validate() throws {
        if (lat == nil) != (lon == nil) { throw ValidationError("Give both --lat and --lon, or neither.") }
        if lat == nil, gpx == nil, city.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("Give --lat and --lon, --city (and --country) to geocode, or --gpx.")
        }
        if let gpx, !FileManager.default.fileExists(atPath: gpx) { throw ValidationError("No such file: \(gpx)") }
    }

    /// Whether the centre comes from geocoding rather than from `--lat`/`--lon` or the route.
    var needsGeocoding: Bool { (lat == nil || lon == nil) && gpx == nil }

    /// The `--gpx` route, or `nil` without one.
    ///
    /// - Throws: ``OSM/OSMError`` saying what is wrong with the file, or Foundation's error if it cannot be read.
    func route() throws -> GPXRoute? {
        guard let gpx else { return nil }
        return try GPXRoute(gpx: Data(contentsOf: URL(fileURLWithPath: gpx)))
    }

    /// The centre without geocoding: `--lat`/`--lon` as given, else the middle of the route; `nil` when neither.
    func knownCenter() throws -> GeoPoint? {
        if let lat, let lon { return GeoPoint(latitude: lat, longitude: lon) }
        return try route()?.center
    }

    /// The centre: ``knownCenter()``, or the geocoded `--city`, `--country` (Nominatim's requests on `pool`).
    ///
    /// - Parameter nominatim: the geocoder's Nominatim (``CLISettings/nominatim``); `--offline` leaves it out.
    /// - Throws: `GeocodingError` ("Could not find coordinates for …") when the place is unknown.
    func center(nominatim: @autoclosure () throws -> NominatimGeocoder.Configuration?, pool: BlockingPool)
        async throws -> GeoPoint
    {
        if let center = try knownCenter() { return center }
        let geocoder = try FallbackGeocoder.standard(nominatim: offline ? nil : try nominatim(), pool: pool)
        return try await geocoder.coordinates(city: city, country: country)
    }

    /// How messages name the place, e.g. `"Helsinki, Finland"`, or `nil` without a city.
    var areaName: String? {
        guard !city.isEmpty else { return nil }
        return country.isEmpty ? city : "\(city), \(country)"
    }
}
