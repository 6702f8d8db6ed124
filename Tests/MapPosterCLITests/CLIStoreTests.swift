import Foundation
import MapPosterTesting
import Testing

/// `mapposter import` then `render --data` draws the poster `render --osm` draws, byte for byte.
@Suite struct CLIStoreTests {
    @Test func importThenRenderFromTheStore() throws {
        let binary = try MapPosterBinary()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mapposter-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("store")
        let imported = try binary.succeed(
            ["import", try Fixtures.helsinkiPBF.path, "--output", store.path, "--tile-size", "0.005"])
        #expect(imported.hasPrefix("imported ") && imported.contains(" tiles at \(store.path) in "), "\(imported)")
        let again = try binary.run(["import", try Fixtures.helsinkiPBF.path, "--output", store.path])
        #expect(again.status != 0)
        #expect(again.errors.contains("already holds a map data store"), "\(again.errors)")

        let poster = [
            "--lat", "60.1716", "--lon", "24.9443", "--distance", "600", "--any-distance", "--width", "4", "--height",
            "5", "--dpi", "50", "--layer", "rivers", "--city", "Helsinki", "--country", "Finland",
        ]
        let fromStore = folder.appendingPathComponent("store.png")
        let fromExtract = folder.appendingPathComponent("extract.png")
        try binary.succeed(["render", "--data", store.path, "--output", fromStore.path] + poster)
        try binary.succeed(["render", "--osm", try Fixtures.helsinkiPBF.path, "--output", fromExtract.path] + poster)
        #expect(try Data(contentsOf: fromStore) == Data(contentsOf: fromExtract))

        let missing = try binary.run(
            ["render", "--data", folder.appendingPathComponent("none").path, "--output", fromStore.path] + poster)
        #expect(missing.status != 0)
        #expect(missing.errors.contains("Could not open the map data store."), "\(missing.errors)")

        // `features` reads the store too, green space included (a wood and a cemetery lie north-west of the
        // centre), and writes what it reads from the extract.
        let place = ["--lat", "60.1788", "--lon", "24.9378", "--distance", "400", "--any-distance", "--output"]
        let storeFeatures = folder.appendingPathComponent("store.json")
        let extractFeatures = folder.appendingPathComponent("extract.json")
        let withoutGreen = folder.appendingPathComponent("without-green.json")
        try binary.succeed(["features", "--data", store.path, "--green-space"] + place + [storeFeatures.path])
        try binary.succeed(
            ["features", "--osm", try Fixtures.helsinkiPBF.path, "--green-space"] + place + [extractFeatures.path])
        try binary.succeed(["features", "--data", store.path] + place + [withoutGreen.path])
        #expect(try Data(contentsOf: storeFeatures) == Data(contentsOf: extractFeatures))
        #expect(try Data(contentsOf: withoutGreen) != Data(contentsOf: storeFeatures), "--green-space reads more")
        let both = try binary.run(
            ["features", "--osm", try Fixtures.helsinkiPBF.path, "--data", store.path] + place + [withoutGreen.path])
        #expect(both.errors.contains("Give --osm FILE.osm.pbf or --data STORE, not both."), "\(both.errors)")
    }
}
