import Foundation
import MapFeatures
import MapPosterTesting
import OSM
import S3
import Settings
import Testing

@testable import MapStore

/// A store imported into a real S3 server (moto) reads back as the folder store does.
@Suite struct ObjectTileStorageTests {
    @Test func importIntoS3AndReadBack() async throws {
        try await MotoServer.withMotoServer { endpoint in
            let s3 = try StorageConfiguration(environment: [
                "S3_ENDPOINT_URL": endpoint.absoluteString, "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing", "S3_EXPIRE_DAYS": "0", "S3_BUCKET": "osm",
            ])
            try await s3.makeObjectStore(pool: .testing).prepare()
            let storage = try StoreLocation.storage("s3://osm/extracts/helsinki", s3: s3, pool: .testing)
            let before = try await #require(throws: OSMError.self) {
                try await StoreSource(storage: storage, pool: .testing).manifest()
            }
            #expect(before.code == .fileUnreadable, "nothing imported yet")
            let manifest = try await StoreImporter(tileSize: StoreFixture.tileSize, pool: .testing).importExtract(
                PBFFile(url: try Fixtures.helsinkiPBF), into: storage)

            let listed = try await s3.makeObjectStore(pool: .testing)
                .listAll(prefix: "extracts/helsinki/")
            #expect(listed.count == manifest.tileCount + 1)

            let request = MapDataRequest(center: GeoPoint(latitude: 60.17, longitude: 24.945), distance: 600)
            let fromS3 = try await StoreSource(storage: storage, pool: .testing).mapData(for: request)
            let fromFolder = try await StoreSource(
                storage: FolderTileStorage(folder: try await StoreFixture.folder, pool: .testing), pool: .testing
            )
            .mapData(for: request)
            #expect(fromS3 == fromFolder)
            #expect(fromS3.mapData.roads.count > 100)
        }
    }
}
