import Foundation
import MapPosterTesting
import S3
import Settings
import Testing

@Suite struct StorageConfigurationTests {
    @Test func withoutAnEndpointTheFileStoreIsTheDefault() throws {
        let configuration = try StorageConfiguration(environment: ["MAPPOSTER_STORAGE_DIR": "/tmp/mapposter-x"])
        #expect(configuration.endpoint == nil)
        let store = try #require(configuration.makeObjectStore(pool: .testing) as? FileSystemStore)
        #expect(store.bucket == "posters")
        #expect(store.publicURL(for: "a.png") == "file:///tmp/mapposter-x/posters/a.png")
    }

    @Test func readsTheOriginalsVariablesAndDefaults() throws {
        let configuration = try StorageConfiguration(environment: ["S3_ENDPOINT_URL": "http://minio:9000"])
        #expect(configuration.endpoint == URL(string: "http://minio:9000"))
        #expect(configuration.bucket == "posters")
        #expect(configuration.publicBaseURL == "/minio_storage")
        #expect(
            configuration.credentials
                == AWSCredentials(accessKeyID: "minioadmin", secretAccessKey: "minioadminpassword"))
        #expect(configuration.region == "us-east-1")
        #expect(configuration.expirationDays == 1)
        let store = try #require(configuration.makeObjectStore(pool: .testing) as? S3Store)
        #expect(store.publicURL(for: "paris_noir_fc508b37.png") == "/minio_storage/posters/paris_noir_fc508b37.png")
    }

    @Test func overridesFromTheEnvironment() throws {
        let configuration = try StorageConfiguration(environment: [
            "S3_ENDPOINT_URL": "https://s3.example.com", "S3_BUCKET": "maps",
            "S3_PUBLIC_URL": "https://cdn.example.com///",
            "AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK", "AWS_DEFAULT_REGION": "eu-west-3",
            "S3_EXPIRE_DAYS": "7",
        ])
        #expect(configuration.region == "eu-west-3")
        #expect(configuration.expirationDays == 7)
        #expect(!configuration.description.contains("SK"))
        #expect(
            configuration.makeObjectStore(pool: .testing).publicURL(for: "a b.png")
                == "https://cdn.example.com/maps/a b.png")
        let regional = try StorageConfiguration(environment: [
            "AWS_REGION": "ap-south-1", "AWS_DEFAULT_REGION": "eu-west-3",
        ])
        #expect(regional.region == "ap-south-1")
    }

    @Test func anEmptyPublicURLGivesRootRelativeURLsAsInTheOriginal() throws {
        let configuration = try StorageConfiguration(environment: [
            "S3_ENDPOINT_URL": "http://minio:9000", "S3_PUBLIC_URL": "",
        ])
        #expect(configuration.makeObjectStore(pool: .testing).publicURL(for: "k.zip") == "/posters/k.zip")
    }

    @Test(arguments: [
        ["S3_ENDPOINT_URL": "minio:9000"], ["S3_ENDPOINT_URL": "ftp://x"], ["S3_EXPIRE_DAYS": "-1"],
        ["S3_EXPIRE_DAYS": "1.5"],
    ])
    func rejectsMalformedValues(environment: [String: String]) {
        #expect(throws: SettingError.self) { try StorageConfiguration(environment: EnvironmentVariables(environment)) }
    }
}
