import Foundation
import MapPosterTesting
import S3
import Settings
import Testing

/// What only the S3 store does: bucket set-up, presigned URLs, S3 errors. Against a real moto server.
@Suite struct S3StoreTests {
    private func makeStore(_ endpoint: URL, bucket: String, environment: [String: String] = [:]) throws -> S3Store {
        let configuration = try StorageConfiguration(
            environment: EnvironmentVariables(
                ["S3_ENDPOINT_URL": endpoint.absoluteString, "S3_BUCKET": bucket].merging(environment) { $1 }))
        return try #require(configuration.makeObjectStore(pool: .testing) as? S3Store)
    }

    @Test func prepareCreatesTheBucketWithPublicReadAndExpiration() async throws {
        try await MotoServer.withMotoServer { endpoint in
            let store = try makeStore(endpoint, bucket: "fresh-bucket", environment: ["S3_EXPIRE_DAYS": "3"])
            #expect(try await store.bucketPolicy() == nil)
            #expect(try await store.expirationRules() == [])
            try await store.prepare()

            #expect(try await store.expirationRules() == [3])
            let policy = try #require(try await store.bucketPolicy())
            let document = try #require(try JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any])
            let statements = try #require(document["Statement"] as? [[String: Any]])
            let getObject = try #require(statements.first { ($0["Action"] as? [String]) == ["s3:GetObject"] })
            #expect(getObject["Effect"] as? String == "Allow")
            #expect(getObject["Resource"] as? [String] == ["arn:aws:s3:::fresh-bucket/*"])

            try await store.prepare()
            #expect(try await store.expirationRules() == [3])
        }
    }

    @Test func zeroExpireDaysInstallsNoRule() async throws {
        try await MotoServer.withMotoServer { endpoint in
            let store = try makeStore(endpoint, bucket: "keep-forever", environment: ["S3_EXPIRE_DAYS": "0"])
            try await store.prepare()
            #expect(try await store.expirationRules() == [])
            #expect(try await store.bucketPolicy() != nil)
        }
    }

    @Test func presignedURLDownloadsTheObject() async throws {
        try await MotoServer.withMotoServer { endpoint in
            let store = try makeStore(endpoint, bucket: "private")
            try await store.prepare()
            try await store.put("secret map.pdf", data: Data("%PDF-1.4".utf8), contentType: "application/pdf")
            let text = try #require(store.presignedURL(for: "secret map.pdf", expiresIn: 600))
            #expect(
                text.hasPrefix("\(endpoint.absoluteString)/private/secret%20map.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&"))
            let response = try await CurlTransport(pool: .testing).send(
                method: "GET", url: URL(string: text)!, headers: [], body: Data())
            #expect(response.status == 200)
            #expect(response.body == Data("%PDF-1.4".utf8))
            #expect(response.header("Content-Type") == "application/pdf")
        }
    }

    @Test func reportsS3ErrorsWithTheServerCode() async throws {
        try await MotoServer.withMotoServer { endpoint in
            let store = try makeStore(endpoint, bucket: "never-created")
            do {
                _ = try await store.list()
                Issue.record("listing a missing bucket succeeded")
            } catch let error as StorageError {
                #expect(error.code == .unexpectedStatus)
                #expect(error.status == 404)
                #expect(error.serverCode == "NoSuchBucket")
                #expect(error.operation == "ListObjectsV2")
            }
        }
    }

    @Test func reportsATransportErrorWhenNoServerListens() async throws {
        let store = S3Store(
            endpoint: URL(string: "http://127.0.0.1:9")!, bucket: "posters",
            signer: SigV4Signer(
                credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "SECRET-VALUE-123"), region: "us-east-1"),
            transport: CurlTransport(pool: .testing)
        )
        do {
            _ = try await store.head("x.png")
            Issue.record("a request to a closed port succeeded")
        } catch let error as StorageError {
            #expect(error.code == .transport)
            #expect(!error.description.contains("SECRET-VALUE-123"))
            #expect(!error.debugDescription.contains("SECRET-VALUE-123"))
        }
    }
}
