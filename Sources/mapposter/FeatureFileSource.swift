import Foundation
import MapFeatures

/// Where `mapposter render` gets its features from: the seam for other sources (a local `.osm.pbf` once the
/// OSM module reads one).
protocol MapDataSource {
    func load() throws -> MapData
}

/// A MapData JSON file, as `scripts/osm-to-features.py` writes it.
struct FeatureFileSource: MapDataSource {
    var path: String

    func load() throws -> MapData {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(MapData.self, from: data)
    }
}
