import ArgumentParser
import BlockingWork
import Foundation
import MapFeatures
import OSM

/// `mapposter features`: reads a poster's features from an `.osm.pbf` extract and writes them as MapData JSON.
struct FeaturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Write the features a poster draws, read from an .osm.pbf extract, as MapData JSON.",
        discussion: """
            Reads exactly what `mapposter render --osm` would draw for the same place, distance and size, so \
            `render --features` on the output draws the same poster (and other renderers can read the file).
            """
    )

    @Option(help: "OpenStreetMap extract (.osm.pbf) to read.")
    var osm: String

    @OptionGroup var place: PlaceOptions

    @OptionGroup var size: PosterSizeOptions

    @Option(
        name: .customLong("layer"),
        help: "Extra layer of the web UI, NAME[:COLOR[:WIDTH]] (cycleways, rail, subway, forests, rivers); repeatable."
    )
    var layers: [ExtraLayer] = []

    @Option(help: "Output JSON file.")
    var output: String

    func validate() throws {
        guard FileManager.default.fileExists(atPath: osm) else { throw ValidationError("No such file: \(osm)") }
        try OutputFile(path: output).validateFolder()
    }

    func run() async throws {
        try await withBlockingPool { pool in try await run(on: pool) }
    }

    private func run(on pool: BlockingPool) async throws {
        let center = try await place.center(pool: pool)
        if place.needsGeocoding { print("geocoded \(place.areaName ?? place.city): \(center.formatted)") }
        let request = MapDataRequest(
            center: center,
            distance: try size.fetchDistance(),
            layers: layers.map(\.layer),
            areaName: place.areaName
        )
        let result = try await LocalExtractSource(url: URL(fileURLWithPath: osm), pool: pool).mapData(for: request)
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
