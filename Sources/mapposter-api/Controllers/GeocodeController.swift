import BlockingWork
import Foundation
import Geocoding
import Hummingbird
import JSON
import Logging
import MapFeatures

/// `GET /geocode?q=`: Nominatim's `/search` answer passed through (lat/lon as strings), with the offline
/// gazetteer answering in Nominatim's shape when Nominatim cannot.
///
/// Nominatim is asked as the original did (`format=json`, `q`, `limit=1`, a 5 s timeout), at most once a
/// second (its usage policy). With `GEOCODER=offline` only the gazetteer answers.
struct GeocodeController: Sendable {
    /// Nominatim (`NOMINATIM_URL`), asked with the original's User-Agent and 5 s timeout; `nil` for the gazetteer
    /// alone.
    let nominatim: NominatimGeocoder?
    /// The offline city list, loaded once per process on first use (it parses ~34,000 rows).
    static let gazetteer = Result { try Gazetteer() }
    /// The original's User-Agent.
    static let userAgent = "MapPoster/2.0 (Backend Proxy)"

    /// Asks Nominatim as `configuration` says (``APISettings/nominatim``) with the original's User-Agent and 5 s
    /// timeout, its requests on `pool`, or only the gazetteer when `configuration` is `nil`.
    init(nominatim configuration: NominatimGeocoder.Configuration?, pool: BlockingPool) {
        nominatim = configuration.map { configuration in
            var configuration = configuration
            configuration.userAgent = Self.userAgent
            configuration.timeout = 5
            return NominatimGeocoder(configuration: configuration, pool: pool)
        }
    }

    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("geocode", use: geocode)
    }

    @Sendable func geocode(request: Request, context: APIRequestContext) async throws -> Response {
        let query = try QueryParameter.string(request, "q")
        var nominatimStatus: Int?
        if let nominatim {
            do {
                let answer = try await nominatim.search(query)
                if answer.status == 200, let array = try? JSONValue(parsing: answer.body), array.array != nil {
                    return .json(array)
                }
                nominatimStatus = answer.status
            } catch {
                context.logger.warning("nominatim unreachable", metadata: [APILogKey.error: "\(error)"])
            }
        }
        if let place = gazetteerItem(query) { return .json([place]) }
        if let nominatimStatus {
            let status = HTTPResponse.Status(code: nominatimStatus)
            throw APIError.detail(status.code >= 400 ? status : .badGateway, "Nominatim error")
        }
        if nominatim != nil { throw APIError.detail(.badGateway, "Nominatim error") }
        return .json([])
    }

    /// The gazetteer's answer for `city, country` as one Nominatim item, or `nil` when it knows no such place.
    func gazetteerItem(_ query: String) -> JSONValue? {
        let parts = query.split(separator: ",", omittingEmptySubsequences: false)
        let city = (parts.count > 1 ? parts.dropLast().joined(separator: ",") : query).trimmingCharacters(
            in: .whitespaces)
        let country = parts.count > 1 ? parts.last!.trimmingCharacters(in: .whitespaces) : ""
        guard let point = try? Self.gazetteer.get().lookup(city: city, country: country) else { return nil }
        let name = country.isEmpty ? city : "\(city), \(country)"
        return [
            "place_id": 0, "licence": "Data from GeoNames (CC BY 4.0)", "lat": .string(String(point.latitude)),
            "lon": .string(String(point.longitude)), "class": "place", "type": "city", "name": .string(city),
            "display_name": .string(name),
        ]
    }
}
