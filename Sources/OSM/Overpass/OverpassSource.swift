public import BlockingWork
import Curl
import Foundation
import MapFeatures
public import Settings

/// Map data from the Overpass API, as the Python original fetches it through OSMnx.
///
/// One query per feature set (roads, water, parks, coastline, each extra layer), and per tile when the box is
/// larger than ``Configuration/maximumQueryArea`` (as OSMnx splits its queries), runs over libcurl, a few at a
/// time; the answers are merged by element id. Each query tries the endpoints in order; on each endpoint a 429 or 504
/// answer (or a timeout) is retried with exponential backoff before moving on. Roads are fetched
/// for the box grown by 500 m, as OSMnx does, then kept when they touch the box. Only a failed
/// road query is fatal ("Could not retrieve map data for this location."); a failed water, park,
/// coastline or layer query becomes a warning, as in the original. No roads: "No map data found…".
/// Transfers, the decoding of answers (up to ``Configuration/maxResponseSize``) and the assembly of features run
/// on a ``BlockingWork/BlockingPool`` thread.
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
        /// The largest box one query covers, in km²; larger boxes are cut into tiles. Defaults to 2,500, OSMnx's
        /// `max_query_area_size`.
        public var maximumQueryArea: Double
        /// How many queries run at once. Defaults to 4: public Overpass servers answer 429 to more.
        public var concurrentQueries: Int

        public init(
            endpoints: [String] = ["https://overpass-api.de/api"],
            queryTimeout: Int = 180,
            requestTimeout: Double? = nil,
            connectTimeout: Double = 10,
            maxResponseSize: Int = 512 * 1024 * 1024,
            attemptsPerEndpoint: Int = 3,
            backoff: Double = 2,
            userAgent: String = "MapPoster/1.0 (+https://github.com/mapposter)",
            cache: (any FetchCache)? = nil,
            maximumQueryArea: Double = 2500,
            concurrentQueries: Int = 4
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
            self.maximumQueryArea = maximumQueryArea
            self.concurrentQueries = concurrentQueries
        }

        /// Reads `OVERPASS_URL` (comma-separated endpoints, tried in turn) from `environment`; other values default.
        public init(environment: EnvironmentVariables) {
            self.init()
            if let endpoints = environment.list("OVERPASS_URL") { self.endpoints = endpoints }
        }
    }

    public var configuration: Configuration
    /// Where transfers and decoding run.
    public let pool: BlockingPool

    /// Creates a source; its transfers and decoding run on `pool`.
    public init(configuration: Configuration = Configuration(), pool: BlockingPool) {
        self.configuration = configuration
        self.pool = pool
    }

    public var cacheIdentity: String { "overpass" }

    public func mapData(for request: MapDataRequest) async throws -> MapDataResult {
        let timeout = configuration.queryTimeout
        let box = request.boundingBox
        // Each feature set's query for every tile of its box; the roads' box is grown by 500 m, as OSMnx's is.
        var sets: [(name: String, query: (GeoBoundingBox) -> String, box: GeoBoundingBox)] = [
            ("roads", { OverpassQuery.roads(in: $0, timeout: timeout) }, box.grown(by: 500)),
            ("water", { OverpassQuery.features(.water, in: $0, timeout: timeout) }, box),
            ("parks", { OverpassQuery.features(.parks, in: $0, timeout: timeout) }, box),
        ]
        if request.includeGreenSpace {
            sets.append(("green space", { OverpassQuery.features(.greenSpace, in: $0, timeout: timeout) }, box))
        }
        if request.includeSea {
            sets.append(("coastline", { OverpassQuery.features(.coastline, in: $0, timeout: timeout) }, box))
        }
        for layer in request.layers {
            sets.append(
                ("layer \(layer.label)", { OverpassQuery.features(layer.filter, in: $0, timeout: timeout) }, box))
        }
        let queries = sets.enumerated().flatMap { index, set in
            set.box.tiles(maximumArea: configuration.maximumQueryArea).map { (set: index, text: set.query($0)) }
        }
        let outcomes = await fetchAll(queries.map(\.text))

        var dataSet = OSMDataSet()
        var failedSets: [Int: [String]] = [:]
        for (query, outcome) in zip(queries, outcomes) {
            switch outcome {
            case .success(let part): dataSet.merge(part)
            case .failure(let error):
                if query.set == 0 { throw error }
                failedSets[query.set, default: []].append(String(reflecting: error))
            }
        }
        var result = try await pool.perform { [dataSet] in FeatureSelector(request: request).select(from: dataSet) }
        if result.mapData.roads.isEmpty { throw OSMError.noData(request.areaDescription) }
        let warnings = failedSets.keys.sorted().map { "\(sets[$0].name): \(failedSets[$0]!.joined(separator: "; "))" }
        result.warnings = warnings + result.warnings
        return result
    }

    /// Runs `queries`, at most ``Configuration/concurrentQueries`` at a time, and returns their outcomes in order.
    private func fetchAll(_ queries: [String]) async -> [Result<OSMDataSet, any Error>] {
        await withTaskGroup(of: (Int, Result<OSMDataSet, any Error>).self) { group in
            var outcomes = [Result<OSMDataSet, any Error>?](repeating: nil, count: queries.count)
            var next = 0
            func startNext() {
                guard next < queries.count else { return }
                let index = next
                next += 1
                group.addTask {
                    do {
                        return (index, .success(try await self.fetch(queries[index])))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            for _ in 0..<max(1, configuration.concurrentQueries) { startNext() }
            for await (index, outcome) in group {
                outcomes[index] = outcome
                startNext()
            }
            return outcomes.map { $0! }
        }
    }

    /// Runs one query: cache, then each endpoint with retries.
    func fetch(_ query: String) async throws -> OSMDataSet {
        let key = FetchCacheKey.make(source: cacheIdentity, query: query)
        if let cache = configuration.cache, let cached = try? await cache.data(forKey: key),
            let dataSet = try? await pool.perform({ try OverpassResponse.decode(cached) })
        {
            return dataSet
        }
        var failures: [String] = []
        for endpoint in configuration.endpoints {
            var pause = configuration.backoff
            for attempt in 1...max(1, configuration.attemptsPerEndpoint) {
                do {
                    let response = try await CurlEasyHandle.transfer(request(query, endpoint: endpoint), on: pool)
                    switch response.status {
                    case 200:
                        let body = response.body
                        let dataSet = try await pool.perform { try OverpassResponse.decode(body) }
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
