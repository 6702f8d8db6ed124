import Foundation
import MapPosterTesting
import OSM
import S3
import Settings
import Testing

@testable import MapStore

@Suite struct MapDataSettingsTests {
    @Test func aStoreWinsOverAnExtractWhichWinsOverOverpass() throws {
        let store = MapDataSettings(environment: ["OSM_DATA": "/data/store", "OSM_PBF_PATH": "/data/x.osm.pbf"])
        #expect(try store.makeSource(s3: StorageConfiguration(), pool: .testing).cacheIdentity == "store:/data/store")
        let extract = MapDataSettings(environment: ["OSM_DATA": " ", "OSM_PBF_PATH": "/data/x.osm.pbf"])
        #expect(try extract.makeSource(s3: StorageConfiguration(), pool: .testing) is LocalExtractSource)
        let overpass = MapDataSettings(environment: ["OSM_PBF_PATH": "", "OVERPASS_URL": "http://a/api,http://b/api"])
        let source = try #require(
            try overpass.makeSource(s3: StorageConfiguration(), pool: .testing) as? OverpassSource)
        #expect(source.configuration.endpoints == ["http://a/api", "http://b/api"])
        #expect(source.configuration.cache == nil)
    }

    @Test func theFetchCacheWrapsTheSourceAndKeepsOverpassAnswersBesideIt() throws {
        let settings = MapDataSettings(environment: ["MAPPOSTER_FETCH_CACHE_DIR": "/var/cache/mapposter"])
        let cached = try #require(
            try settings.makeSource(s3: StorageConfiguration(), pool: .testing) as? CachedMapDataSource)
        let overpass = try #require(cached.source as? OverpassSource)
        let answers = try #require(overpass.configuration.cache as? DirectoryFetchCache)
        #expect(answers.directory.path == "/var/cache/mapposter/overpass")
    }

    @Test func anS3StoreNeedsTheS3Server() throws {
        let settings = MapDataSettings(environment: ["OSM_DATA": "s3://osm/helsinki"])
        #expect(throws: OSMError.self) { try settings.makeSource(s3: StorageConfiguration(), pool: .testing) }
        let server = StorageConfiguration(endpoint: URL(string: "http://127.0.0.1:9"))
        #expect(try settings.makeSource(s3: server, pool: .testing).cacheIdentity == "store:s3://osm/helsinki/")
    }
}
