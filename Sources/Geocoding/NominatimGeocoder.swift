public import BlockingWork
import Curl
import Foundation
public import MapFeatures
public import Settings

/// Geocoding with Nominatim's `/search`, following its usage policy.
///
/// One request at a time at most once per ``Configuration-swift.struct/minimumInterval`` (1 s,
/// the public server's limit), a real User-Agent, and a timeout. Sends `q=<city>, <country>`,
/// `format=json`, `limit=1`, as geopy does for the Python original.
public struct NominatimGeocoder: Geocoder {
    /// Server, identity and limits.
    public struct Configuration: Sendable {
        /// Defaults to `https://nominatim.openstreetmap.org`.
        public var baseURL: String
        /// Nominatim blocks generic agents. Defaults to `"MapPoster/1.0 (+https://github.com/mapposter)"`.
        public var userAgent: String
        /// Seconds for one request. Defaults to 10, as the original.
        public var timeout: Double
        /// Seconds between requests. Defaults to 1.
        public var minimumInterval: Double

        public init(
            baseURL: String = "https://nominatim.openstreetmap.org",
            userAgent: String = "MapPoster/1.0 (+https://github.com/mapposter)",
            timeout: Double = 10,
            minimumInterval: Double = 1
        ) {
            self.baseURL = baseURL
            self.userAgent = userAgent
            self.timeout = timeout
            self.minimumInterval = minimumInterval
        }

        /// The Nominatim of `environment`: `NOMINATIM_URL` (other values default), or `nil` with `GEOCODER=offline`,
        /// which asks for the offline gazetteer alone.
        ///
        /// - Throws: ``Settings/SettingError`` when `GEOCODER` is neither `nominatim` (the default) nor `offline`.
        public static func standard(environment: EnvironmentVariables) throws(SettingError) -> Configuration? {
            guard try environment.choice("GEOCODER", of: ["nominatim", "offline"]) != "offline" else { return nil }
            var configuration = Configuration()
            if let url = environment["NOMINATIM_URL"] { configuration.baseURL = url }
            return configuration
        }
    }

    public let configuration: Configuration
    /// Where the requests run.
    public let pool: BlockingPool
    private let pacer: RequestPacer

    /// Creates a geocoder whose requests run on `pool`.
    public init(configuration: Configuration = Configuration(), pool: BlockingPool) {
        self.configuration = configuration
        self.pool = pool
        self.pacer = RequestPacer(interval: configuration.minimumInterval)
    }

    public func coordinates(city: String, country: String) async throws -> GeoPoint {
        let answer: Answer
        do {
            answer = try await search("\(city), \(country)")
        } catch {
            throw GeocodingError(code: .unavailable, city: city, country: country, detail: "\(error)")
        }
        guard answer.status == 200 else {
            throw GeocodingError(code: .unavailable, city: city, country: country, detail: "HTTP \(answer.status)")
        }
        struct Place: Decodable {
            var lat: String
            var lon: String
        }
        guard let places = try? JSONDecoder().decode([Place].self, from: Data(answer.body)) else {
            throw GeocodingError(code: .unavailable, city: city, country: country, detail: "answer is not JSON")
        }
        guard let place = places.first, let lat = Double(place.lat), let lon = Double(place.lon) else {
            throw GeocodingError(code: .notFound, city: city, country: country)
        }
        return GeoPoint(latitude: lat, longitude: lon)
    }

    /// What Nominatim answered: its HTTP status and body (a JSON array of places when the status is 200).
    public struct Answer: Sendable {
        public var status: Int
        public var body: [UInt8]
    }

    /// Asks `/search` for the free text `query` (`q`, `format=json`, `limit=1`), paced like every request.
    ///
    /// - Throws: when Nominatim could not be reached or its URL is not one (``GeocodingError`` `unavailable`), or
    ///   what libcurl reported.
    public func search(_ query: String) async throws -> Answer {
        var components = URLComponents(
            string: configuration.baseURL.hasSuffix("/")
                ? configuration.baseURL + "search" : configuration.baseURL + "/search")
        components?.queryItems = [
            URLQueryItem(name: "q", value: query),
            URLQueryItem(name: "format", value: "json"),
            URLQueryItem(name: "limit", value: "1"),
        ]
        guard let url = components?.string else {
            throw GeocodingError(code: .unavailable, city: query, country: "", detail: "bad NOMINATIM_URL")
        }
        let request = CurlRequest(
            url: url,
            headers: [("Accept", "application/json")],
            connectTimeout: min(configuration.timeout, 10),
            timeout: configuration.timeout,
            maxResponseSize: 1024 * 1024,
            userAgent: configuration.userAgent
        )
        await pacer.wait()
        let response = try await CurlEasyHandle.transfer(request, on: pool)
        return Answer(status: response.status, body: Array(response.body))
    }
}

/// Spaces requests at least `interval` seconds apart (serialised through the actor).
actor RequestPacer {
    let interval: Double
    private var next: ContinuousClock.Instant?

    init(interval: Double) {
        self.interval = interval
    }

    /// Returns when the caller may send; reserves the next slot before sleeping.
    func wait() async {
        let now = ContinuousClock.now
        let slot = max(now, next ?? now)
        next = slot + .milliseconds(Int(interval * 1000))
        if slot > now { try? await Task.sleep(until: slot, clock: .continuous) }
    }
}
