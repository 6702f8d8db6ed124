import ArgumentParser
import BlockingWork
import Foundation
import MapFeatures
import OSM

/// `mapposter features`: reads a poster's features from an `.osm.pbf` extract or a map data store and writes them
/// as MapData JSON.
struct FeaturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract:
            "Write the features a poster draws, read from an .osm.pbf extract or a map data store, as MapData JSON.",
        discussion: """
            Reads exactly what `mapposter render --osm` (or `--data`) would draw for the same place, distance, \
            size, layers and green space, so `render --features` on the output draws the same poster (and other \
            renderers can read the file).
            """
    )

    @OptionGroup(title: "Map data") var mapData: MapDataOptions

    @OptionGroup var place: PlaceOptions

    @OptionGroup var size: PosterSizeOptions

    @Option(help: "Output JSON file.")
    var output: String

    func validate() throws {
        guard mapData.namesASource else { throw ValidationError("Give --osm FILE.osm.pbf or --data STORE.") }
        try OutputFile(path: output).validateFolder()
    }

    func run() async throws {
        try await withBlockingPool { pool in try await run(on: pool) }
    }

    private func run(on pool: BlockingPool) async throws {
        let center = try await place.center(nominatim: try CLISettings.process().nominatim, pool: pool)
        if place.needsGeocoding { print("geocoded \(place.areaName ?? place.city): \(center.formatted)") }
        let request = mapData.request(center: center, distance: try size.fetchDistance(), areaName: place.areaName)
        let result = try await mapData.source(pool: pool)!.mapData(for: request)
        result.reportWarnings()
        let output = output
        try await pool.perform {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try OutputFile(path: output).write(try encoder.encode(result.mapData))
        }
        print("wrote \(output) (\(result.mapData.summary))")
    }
}
