import BlockingWork
import Foundation
import Geocoding
import Hummingbird
import JSON
import Logging
import MapFeatures
import OSM

/// `GET /coverage`: where the workers have map data, so the page can start there and warn when the poster leaves it.
///
/// The API reads the same `OSM_PBF_PATH` as the workers: with a local extract, the box in its header; without one
/// (Overpass), the whole world. Answers `{"source", "world", "bounds": {south, west, north, east}, "center":
/// {lat, lon} | null, "place": {city, country} | null, "name", "description"}`: `place` is the gazetteer's city
/// nearest to the centre, what the page calls the area before the user names it.
struct CoverageController: Sendable {
    /// The workers' local extract, or `nil` for Overpass.
    let extract: LocalExtractSource?

    init(environment: [String: String], pool: BlockingPool) {
        let path = environment["OSM_PBF_PATH"] ?? ""
        extract = path.isEmpty ? nil : LocalExtractSource(url: URL(fileURLWithPath: path), pool: pool)
    }

    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("coverage", use: coverage)
    }

    @Sendable func coverage(request: Request, context: APIRequestContext) async throws -> Response {
        guard let extract else { return .json(Self.body(.world, source: "overpass", name: nil, place: nil)) }
        let coverage: MapCoverage
        do {
            coverage = try await extract.coverage()
        } catch {
            context.logger.error("the map data extract is unreadable", metadata: ["error": "\(error)"])
            throw APIError.detail(.serviceUnavailable, "The map data extract cannot be read")
        }
        var place: (city: String, country: String)?
        if case .area(let box) = coverage, let gazetteer = try? GeocodeController.gazetteer.get() {
            let centre = GeoPoint(latitude: (box.south + box.north) / 2, longitude: (box.west + box.east) / 2)
            place = gazetteer.nearest(to: centre).map { ($0.city, $0.country) }
        }
        return .json(Self.body(coverage, source: "extract", name: extract.file.url.lastPathComponent, place: place))
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
