import ArgumentParser
import BlockingWork
import Foundation
import MapFeatures
import MapStore
import OSM

/// Where `render` and `features` read a poster's features, and which ones: `--osm` or `--data`, `--layer`,
/// `--green-space`.
struct MapDataOptions: ParsableArguments {
    @Option(help: "OpenStreetMap extract (.osm.pbf) to read the features from.")
    var osm: String?

    @Option(help: "Map data store (a folder or s3://bucket/prefix) to read the features from instead of --osm.")
    var data: String?

    @Option(
        name: .customLong("layer"),
        help: "Extra layer of the web UI, NAME[:COLOR[:WIDTH]] (cycleways, rail, subway, forests, rivers); repeatable."
    )
    var layers: [ExtraLayer] = []

    @Flag(help: "Draw woods, forests and cemeteries as parks (in the theme's green_space colour when it has one).")
    var greenSpace = false

    /// Whether `--osm` or `--data` was given.
    var namesASource: Bool { osm != nil || data != nil }

    func validate() throws {
        if osm != nil, data != nil { throw ValidationError("Give --osm FILE.osm.pbf or --data STORE, not both.") }
        if let osm, !FileManager.default.fileExists(atPath: osm) { throw ValidationError("No such file: \(osm)") }
    }

    /// The source `--osm` or `--data` names (`nil` without either), reading on `pool`; an `s3://` store is read
    /// from the S3 server of the environment (``CLISettings/s3``).
    func source(pool: BlockingPool) throws -> (any MapDataSource)? {
        if let osm { return LocalExtractSource(url: URL(fileURLWithPath: osm), pool: pool) }
        guard let data else { return nil }
        return StoreSource(
            storage: try StoreLocation.storage(data, s3: CLISettings.process().s3, pool: pool), pool: pool)
    }

    /// The request for the features of a poster centred on `center` that needs `distance` metres around it.
    func request(center: GeoPoint, distance: Double, areaName: String?) -> MapDataRequest {
        var request = MapDataRequest(
            center: center, distance: distance, layers: layers.map(\.layer), areaName: areaName)
        request.includeGreenSpace = greenSpace
        return request
    }
}
