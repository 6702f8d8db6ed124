import ArgumentParser
import BlockingWork
import Foundation
import MapStore
import OSM

/// `mapposter import`: reads an `.osm.pbf` extract once and writes the tiled store that `render --data` and the
/// worker's `OSM_DATA` read.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an .osm.pbf extract into a map data store (a folder or s3://bucket/prefix).",
        discussion: """
            Keeps what posters draw (roads, water, parks, the coastline, the five extra layers, and their \
            multipolygons) in square tiles of --tile-size degrees, one file or S3 object each, then writes \
            manifest.json. An s3:// store goes to the S3 server of S3_ENDPOINT_URL (AWS_ACCESS_KEY_ID, \
            AWS_SECRET_ACCESS_KEY); the bucket must exist and must not expire objects.
            """
    )

    @Argument(help: "The OpenStreetMap extract (.osm.pbf) to import.")
    var extract: String

    @Option(help: "The store to write: a folder, or s3://bucket/prefix.")
    var output: String

    @Option(help: "Side of a tile in degrees (above 0, at most 90).")
    var tileSize: Double = 0.1

    func validate() throws {
        guard FileManager.default.fileExists(atPath: extract) else { throw ValidationError("No such file: \(extract)") }
        guard tileSize > 0, tileSize <= 90 else { throw ValidationError("--tile-size must be above 0 and at most 90.") }
    }

    func run() async throws {
        try await withBlockingPool { pool in try await run(on: pool) }
    }

    private func run(on pool: BlockingPool) async throws {
        let storage = try StoreLocation.storage(output, s3: CLISettings.process().s3, pool: pool)
        // Tiles of an older import that the new one does not overwrite would be read as its own.
        if try await storage.read(StoreManifest.key) != nil {
            throw ValidationError(
                "\(storage.location) already holds a map data store; import into a new folder or prefix.")
        }
        let start = ContinuousClock.now
        let manifest = try await StoreImporter(tileSize: tileSize, pool: pool).importExtract(
            PBFFile(url: URL(fileURLWithPath: extract)), into: storage)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "imported \(manifest.wayCount) ways, \(manifest.relationCount) relations into \(manifest.tileCount) tiles "
                + "at \(storage.location) in \(String(format: "%.3f", seconds)) s")
    }
}
