import BlockingWork
import Foundation
import Geocoding
import Hummingbird
import JSON
import Logging
import MapFeatures
import MapStore
import OSM
import S3

/// `GET /coverage`: where the workers have map data, so the page can start there and warn when the poster leaves it.
///
/// The API reads the same `OSM_DATA` and `OSM_PBF_PATH` as the workers: with a map data store, the extent its import
/// recorded; with a local extract, the box in its header; without either (Overpass), the whole world. Answers
/// `{"source": "store" | "extract" | "overpass", "world", "bounds": {south, west, north, east}, "center": {lat, lon}
/// | null, "place": {city, country} | null, "name", "description"}`: `place` is the gazetteer's city nearest to the
/// centre, what the page calls the area before the user names it.
struct CoverageController: Sendable {
    /// The workers' store or extract, its `source` word and `name`; `nil` for Overpass.
    let local: (source: any MapDataSource, kind: String, name: String)?

    /// Answers for the map data of `settings` (``APISettings/mapData``), reading a store's manifest from the S3
    /// server of `s3` when it is there, the reading on `pool`.
    ///
    /// - Throws: ``OSM/OSMError`` for an `s3://` store without a bucket or without an S3 server.
    init(mapData settings: MapDataSettings, s3: StorageConfiguration, pool: BlockingPool) throws {
        // The workers' own source (MapDataSettings builds it for both); its coverage is the store's or extract's.
        switch settings.location {
        case .store(let location):
            local = (try settings.makeSource(s3: s3, pool: pool), "store", location)
        case .extract(let path):
            local = (
                try settings.makeSource(s3: s3, pool: pool), "extract", URL(fileURLWithPath: path).lastPathComponent
            )
        case .overpass:
            local = nil
        }
    }

    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("coverage", use: coverage)
    }

    @Sendable func coverage(request: Request, context: APIRequestContext) async throws -> Response {
        guard let local else { return .json(Self.body(.world, source: "overpass", name: nil, place: nil)) }
        let coverage: MapCoverage
        do {
            coverage = try await local.source.coverage()
        } catch {
            context.logger.error("the map data is unreadable", metadata: ["error": "\(error)"])
            throw APIError.detail(.serviceUnavailable, .string("The map data \(local.kind) cannot be read"))
        }
        var place: (city: String, country: String)?
        if case .area(let box) = coverage, let gazetteer = try? GeocodeController.gazetteer.get() {
            let centre = GeoPoint(latitude: (box.south + box.north) / 2, longitude: (box.west + box.east) / 2)
            place = gazetteer.nearest(to: centre).map { ($0.city, $0.country) }
        }
        return .json(Self.body(coverage, source: local.kind, name: local.name, place: place))
    }

    /// The answer for `coverage`: `center` is the middle of a bounded area, `null` for the world.
    static func body(
        _ coverage: MapCoverage, source: String, name: String?, place: (city: String, country: String)?
    ) -> JSONValue {
        let box = coverage.boundingBox
        let bounds: JSONValue = [
            "south": .double(box.south), "west": .double(box.west), "north": .double(box.north),
            "east": .double(box.east),
        ]
        var center: JSONValue = .null
        if case .area = coverage {
            center = ["lat": .double((box.south + box.north) / 2), "lon": .double((box.west + box.east) / 2)]
        }
        return .object(
            JSONObject([
                ("source", .string(source)), ("world", .bool(coverage == .world)),
                ("bounds", bounds), ("center", center),
                ("place", place.map { ["city": .string($0.city), "country": .string($0.country)] } ?? .null),
                ("name", name.map(JSONValue.string) ?? .null),
                ("description", .string(coverage.description)),
            ]))
    }
}
