import Curl
import Foundation
import MapFeatures

/// Map data from the Overpass API, as the Python original fetches it through OSMnx.
///
/// One query per feature set (roads, water, parks, coastline, each extra layer) runs in
/// parallel over libcurl. Each query tries the endpoints in order; on each endpoint a 429 or 504
/// answer (or a timeout) is retried with exponential backoff before moving on. Roads are fetched
/// for the box grown by 500 m, as OSMnx does, then kept when they touch the box. Only a failed
/// road query is fatal ("Could not retrieve map data for this location."); a failed water, park,
/// coastline or layer query becomes a warning, as in the original. No roads: "No map data found…".
public struct OverpassSource: MapDataSource {
    /// Endpoints, timeouts, retries and size limits.
    public struct Configuration: Sendable {
        /// Base URLs ending in `/api`, tried in turn. Defaults to `["https://overpass-api.de/api"]`.
        public var endpoints: [String]
        /// The `[timeout:…]` sent to Overpass, in seconds. Defaults to 180, OSMnx's value.
        public var queryTimeout: Int
        /// Seconds for one HTTP request; `nil` means ``queryTimeout`` + 30. Defaults to `nil`.
        public var requestTimeout: Double?
        /// Seconds to connect to an endpoint. Defaults to 10.
        public var connectTimeout: Double
        /// Largest answer accepted, in bytes. Defaults to 512 MiB.
        public var maxResponseSize: Int
        /// Attempts per endpoint for 429/504/timeouts. Defaults to 3.
        public var attemptsPerEndpoint: Int
        /// First backoff pause in seconds, doubled each retry. Defaults to 2.
        public var backoff: Double
        /// Defaults to `"MapPoster/1.0 (+https://github.com/mapposter)"`.
        public var userAgent: String
        /// Stores raw answers by query; `nil` disables caching. Defaults to `nil`.
        public var cache: (any FetchCache)?

        public init(
            endpoints: [String] = ["https://overpass-api.de/api"],
            queryTimeout: Int = 180,
            requestTimeout: Double? = nil,
            connectTimeout: Double = 10,
            maxResponseSize: Int = 512 * 1024 * 1024,
            attemptsPerEndpoint: Int = 3,
            backoff: Double = 2,
            userAgent: String = "MapPoster/1.0 (+https://github.com/mapposter)",
            cache: (any FetchCache)? = nil
        ) {
            self.endpoints = endpoints
            self.queryTimeout = queryTimeout
            self.requestTimeout = requestTimeout
            self.connectTimeout = connectTimeout
            self.maxResponseSize = maxResponseSize
            self.attemptsPerEndpoint = attemptsPerEndpoint
            self.backoff = backoff
            self.userAgent = userAgent
            self.cache = cache
        }

        /// Reads `OVERPASS_URL` (comma-separated endpoints) from `environment`; other values default.
        public init(environment: [String: String]) {
            self.init()
            if let value = environment["OVERPASS_URL"] {
                let endpoints = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
                if !endpoints.isEmpty { self.endpoints = endpoints }
            }
        }
    }

    public var configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public var cacheIdentity: String { "overpass" }

    public func mapData(for request: MapDataRequest) async throws -> MapDataResult {
        let timeout = configuration.queryTimeout
        let box = request.boundingBox
        var queries: [(name: String, query: String)] = [
            ("roads", OverpassQuery.roads(in: box.grown(by: 500), timeout: timeout)),
            ("water", OverpassQuery.features(.water, in: box, timeout: timeout)),
            ("parks", OverpassQuery.features(.parks, in: box, timeout: timeout)),
        ]
        if request.includeSea {
            queries.append(("coastline", OverpassQuery.features(.coastline, in: box, timeout: timeout)))
        }
        for layer in request.layers {
            queries.append(("layer \(layer.label)", OverpassQuery.features(layer.filter, in: box, timeout: timeout)))
        }
        let outcomes = await withTaskGroup(of: (Int, Result<OSMDataSet, any Error>).self) { group in
            for (index, query) in queries.enumerated() {
                group.addTask {
                    do {
                        return (index, .success(try await self.fetch(query.query)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var outcomes = [Result<OSMDataSet, any Error>?](repeating: nil, count: queries.count)
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes.compactMap { $0 }
        }
        var dataSet = OSMDataSet()
        var warnings: [String] = []
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .success(let part): dataSet.merge(part)
            case .failure(let error):
                if index == 0 { throw error }
                warnings.append("\(queries[index].name): \(String(reflecting: error))")
            }
        }
        var result = FeatureSelector(request: request).select(from: dataSet)
        if result.mapData.roads.isEmpty { throw OSMError.noData(request.areaDescription) }
        result.warnings = warnings + result.warnings
        return result
    }

    /// Runs one query: cache, then each endpoint with retries.
    func fetch(_ query: String) async throws -> OSMDataSet {
        let key = FetchCacheKey.make(source: cacheIdentity, query: query)
        if let cache = configuration.cache, let cached = try? await cache.data(forKey: key) {
            if let dataSet = try? OverpassResponse.decode(cached) { return dataSet }
        }
        var failures: [String] = []
        for endpoint in configuration.endpoints {
            var pause = configuration.backoff
            for attempt in 1...max(1, configuration.attemptsPerEndpoint) {
                do {
                    let response = try await CurlEasyHandle.transfer(request(query, endpoint: endpoint))
                    switch response.status {
                    case 200:
                        let dataSet = try OverpassResponse.decode(response.body)
                        if let cache = configuration.cache { try? await cache.store(response.body, forKey: key) }
                        return dataSet
                    case 429, 504:
                        failures.append("\(endpoint): HTTP \(response.status) (attempt \(attempt))")
                    default:
                        failures.append("\(endpoint): HTTP \(response.status)")
                        break
                    }
                    if response.status != 429 && response.status != 504 { break }
                } catch let error as CurlError where error.code == .timedOut {
                    failures.append("\(endpoint): \(error) (attempt \(attempt))")
                } catch let error as CurlError {
                    failures.append("\(endpoint): \(error)")
                    break
                } catch let error as OSMError {
                    failures.append("\(endpoint): \(error.debugDescription)")
                    break
                }
                if attempt < configuration.attemptsPerEndpoint {
                    try await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
                    pause *= 2
                }
            }
        }
        throw OSMError.fetchFailed(detail: failures.joined(separator: "; "))
    }

    private func request(_ query: String, endpoint: String) -> CurlRequest {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let form = "data=" + (query.addingPercentEncoding(withAllowedCharacters: allowed) ?? query)
        let base = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        return CurlRequest(
            method: "POST",
            url: base + "/interpreter",
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Data(form.utf8),
            connectTimeout: configuration.connectTimeout,
            timeout: configuration.requestTimeout ?? Double(configuration.queryTimeout + 30),
            maxResponseSize: configuration.maxResponseSize,
            userAgent: configuration.userAgent
        )
    }
}
