import Curl
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
    /// Nominatim's base URL (`NOMINATIM_URL`), or `nil` for the gazetteer alone.
    let nominatimURL: String?
    /// The offline city list, loaded once per process on first use (it parses ~34,000 rows).
    static let gazetteer = Result { try Gazetteer() }
    let pacer: GeocodePacer
    /// The original's User-Agent.
    static let userAgent = "MapPoster/2.0 (Backend Proxy)"

    init(environment: [String: String]) {
        let offline = environment["GEOCODER"]?.lowercased() == "offline"
        let url =
            environment["NOMINATIM_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://nominatim.openstreetmap.org"
        nominatimURL = offline ? nil : url
        pacer = GeocodePacer(interval: .seconds(1))
    }

    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("geocode", use: geocode)
    }

    @Sendable func geocode(request: Request, context: APIRequestContext) async throws -> Response {
        let query = try QueryParameter.string(request, "q")
        var nominatimStatus: Int?
        if let nominatimURL {
            do {
                let response = try await search(query, baseURL: nominatimURL)
                if response.status == 200,
                    let array = try? JSONValue(parsing: String(decoding: response.body, as: UTF8.self)),
                    array.array != nil
                {
                    return .json(array)
                }
                nominatimStatus = response.status
            } catch {
                context.logger.warning("nominatim unreachable", metadata: [APILogKey.error: "\(error)"])
            }
        }
        if let place = gazetteerItem(query) { return .json([place]) }
        if let nominatimStatus {
            let status = HTTPResponse.Status(code: nominatimStatus)
            throw APIError.detail(status.code >= 400 ? status : .badGateway, "Nominatim error")
        }
        if nominatimURL != nil { throw APIError.detail(.badGateway, "Nominatim error") }
        return .json([])
    }

    func search(_ query: String, baseURL: String) async throws -> CurlResponse {
        var components = URLComponents(string: baseURL.hasSuffix("/") ? baseURL + "search" : baseURL + "/search")
        components?.queryItems = [
            URLQueryItem(name: "format", value: "json"), URLQueryItem(name: "q", value: query),
            URLQueryItem(name: "limit", value: "1"),
        ]
        guard let url = components?.string else { throw APIError.detail(.badGateway, "Nominatim error") }
        await pacer.wait()
        return try await CurlEasyHandle.transfer(
            CurlRequest(
                url: url, headers: [("Accept", "application/json")], connectTimeout: 5, timeout: 5,
                maxResponseSize: 1024 * 1024, userAgent: Self.userAgent))
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

/// Spaces requests to Nominatim at least `interval` apart.
actor GeocodePacer {
    let interval: Duration
    private var next: ContinuousClock.Instant?

    init(interval: Duration) { self.interval = interval }

    func wait() async {
        let now = ContinuousClock.now
        let slot = max(now, next ?? now)
        next = slot + interval
        if slot > now { try? await Task.sleep(until: slot, clock: .continuous) }
    }
}
