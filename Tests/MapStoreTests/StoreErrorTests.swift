import Foundation
import MapFeatures
import MapPosterTesting
import OSM
import S3
import Testing

@testable import MapStore

/// A missing, damaged or foreign store is reported clearly.
@Suite struct StoreErrorTests {
    let request = MapDataRequest(center: GeoPoint(latitude: 60.1716, longitude: 24.9443), distance: 300)

    func error(reading folder: URL, _ request: MapDataRequest? = nil) async throws -> OSMError {
        let source = StoreSource(storage: FolderTileStorage(folder: folder, pool: .testing), pool: .testing)
        return try await #require(throws: OSMError.self) { try await source.mapData(for: request ?? self.request) }
    }

    @Test func missingStore() async throws {
        let error = try await error(reading: StoreFixture.temporaryFolder())
        #expect(error.code == .fileUnreadable)
        #expect(error.message == "Could not open the map data store.")
        #expect(error.detail?.contains("no manifest.json") == true)
    }

    @Test func corruptTile() async throws {
        let folder = try await StoreFixture.copy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try await StoreSource(storage: FolderTileStorage(folder: folder, pool: .testing), pool: .testing)
            .manifest()
        let tile = manifest.grid.tile(GeoPoint(latitude: 60.1716, longitude: 24.9443))
        let file = folder.appendingPathComponent(tile.key)
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: file)
        let error = try await error(reading: folder)
        #expect(error.code == .invalidData)
        #expect(error.message == "Invalid map data store.")
        #expect(error.detail?.contains(tile.key) == true)
    }

    @Test func otherVersion() async throws {
        let folder = try await StoreFixture.copy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(StoreManifest.key)
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "\"version\" : 2", with: "\"version\" : 1").write(
            to: file, atomically: true, encoding: .utf8)
        let error = try await error(reading: folder)
        #expect(error.code == .unsupportedFeature)
        #expect(error.message.contains("version 1"))
    }

    @Test func notAManifest() async throws {
        let folder = try await StoreFixture.copy()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("{\"tiles\": []}".utf8).write(to: folder.appendingPathComponent(StoreManifest.key))
        let error = try await error(reading: folder)
        #expect(error.code == .invalidData)
    }

    @Test func layerTheImportDidNotKeep() async throws {
        var request = request
        request.layers = [
            MapDataRequest.Layer(label: "benches", color: "#000", filter: TagFilter(["amenity": ["bench"]]))
        ]
        let error = try await error(reading: try await StoreFixture.folder, request)
        #expect(error.code == .unsupportedFeature)
        #expect(error.message.contains("amenity=bench"))
    }

    @Test func s3LocationNeedsAnEndpoint() throws {
        #expect(throws: OSMError.self) {
            try StoreLocation.storage("s3://osm/helsinki", s3: StorageConfiguration(), pool: .testing)
        }
        let server = StorageConfiguration(endpoint: URL(string: "http://127.0.0.1:9"))
        #expect(throws: OSMError.self) { try StoreLocation.storage("s3:///helsinki", s3: server, pool: .testing) }
        let storage = try StoreLocation.storage("s3://osm/helsinki", s3: server, pool: .testing)
        #expect(storage.location == "s3://osm/helsinki/")
        let folder = try StoreLocation.storage("/data/store", s3: StorageConfiguration(), pool: .testing)
        #expect(folder.location == "/data/store")
    }
}
