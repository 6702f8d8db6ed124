import Foundation
import HTTPTypes
import HummingbirdTesting
import JSON
import MapPosterTesting
import MapStore
import OSM
import Testing

@testable import MapPosterAPI

@Suite("GET /coverage: where the workers have map data")
struct CoverageTests {
    @Test func localExtractIsItsHeaderBox() async throws {
        let extract = try Fixtures.helsinkiPBF
        try await withAPI(environment: ["OSM_PBF_PATH": extract.path]) { client, _ in
            let response = try await client.send(.get, "/coverage")
            #expect(response.status == .ok)
            let body = try #require(response.json)
            #expect(keys(body) == ["source", "world", "bounds", "center", "place", "name", "description"])
            #expect(body["source"] == "extract")
            #expect(body["world"] == false)
            #expect(body["name"] == "helsinki-center.osm.pbf")
            // osmium fileinfo: (24.9351762,60.164155,24.9534145,60.179113).
            let bounds = try #require(body["bounds"])
            for (side, value) in [
                ("south", 60.164155), ("west", 24.9351762), ("north", 60.179113), ("east", 24.9534145),
            ] {
                let got = try #require(bounds[side]?.double, "\(side)")
                #expect(abs(got - value) < 1e-7, "\(side): \(got)")
            }
            #expect(abs((body["center"]?["lat"]?.double ?? 0) - 60.171634) < 1e-5)
            #expect(abs((body["center"]?["lon"]?.double ?? 0) - 24.944295) < 1e-5)
            #expect(body["description"] == "60.1642 N–60.1791 N, 24.9352 E–24.9534 E")
            // The gazetteer's nearest city names the area for the page.
            #expect(body["place"] == ["city": "Helsinki", "country": "Finland"])
        }
    }

    @Test func aStoreIsTheExtentItsImportRecorded() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coverage-store-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await StoreImporter(tileSize: 0.005, pool: .testing).importExtract(
            PBFFile(url: try Fixtures.helsinkiPBF), into: FolderTileStorage(folder: folder, pool: .testing))
        // OSM_DATA wins over OSM_PBF_PATH, as in the workers.
        try await withAPI(environment: ["OSM_DATA": folder.path, "OSM_PBF_PATH": "/nonexistent.osm.pbf"]) {
            client, _ in
            let response = try await client.send(.get, "/coverage")
            #expect(response.status == .ok)
            let body = try #require(response.json)
            #expect(body["source"] == "store")
            #expect(body["name"] == .string(folder.path))
            #expect(body["description"] == "60.1642 N–60.1791 N, 24.9352 E–24.9534 E")
            #expect(body["place"] == ["city": "Helsinki", "country": "Finland"])
        }
    }

    @Test func anUnimportedStoreIs503() async throws {
        try await withAPI(environment: ["OSM_DATA": "/nonexistent/store"]) { client, _ in
            let response = try await client.send(.get, "/coverage")
            #expect(response.status == .serviceUnavailable)
            #expect(response.text == #"{"detail":"The map data store cannot be read"}"#)
        }
    }

    @Test func overpassIsTheWholeWorld() async throws {
        try await withAPI(environment: ["OSM_PBF_PATH": ""]) { client, _ in
            let response = try await client.send(.get, "/coverage")
            #expect(response.status == .ok)
            #expect(
                response.text
                    == #"{"source":"overpass","world":true,"bounds":{"south":-90.0,"west":-180.0,"north":90.0,"east":180.0},"center":null,"place":null,"name":null,"description":"the whole world"}"#
            )
        }
    }

    @Test func unreadableExtractIs503() async throws {
        try await withAPI(environment: ["OSM_PBF_PATH": "/nonexistent/extract.osm.pbf"]) { client, _ in
            let response = try await client.send(.get, "/coverage")
            #expect(response.status == .serviceUnavailable)
            #expect(response.text == #"{"detail":"The map data extract cannot be read"}"#)
        }
    }
}
