import BlockingWork
import Foundation
import MapFeatures
import OSM

/// A MapData JSON file, as `mapposter features` writes it: every feature in it, whatever the request's area.
/// Read and decoded on `pool`.
struct FeatureFileSource: MapDataSource {
    var path: String
    var pool: BlockingPool

    var cacheIdentity: String { "features:\(path)" }

    func mapData(for request: MapDataRequest) async throws -> MapDataResult {
        let path = path
        return try await pool.perform {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return MapDataResult(mapData: try JSONDecoder().decode(MapData.self, from: data))
        }
    }
}
