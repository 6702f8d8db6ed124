import Foundation
import MapFeatures
import OSM

/// A MapData JSON file, as `mapposter features` writes it: every feature in it, whatever the request's area.
struct FeatureFileSource: MapDataSource {
    var path: String

    var cacheIdentity: String { "features:\(path)" }

    func mapData(for request: MapDataRequest) async throws -> MapDataResult {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return MapDataResult(mapData: try JSONDecoder().decode(MapData.self, from: data))
    }
}
