import Curl
import Foundation
import JSON
import MapPosterTesting
import S3
import Settings
import Testing

/// Issue 18: one map data store in S3, imported once with `mapposter import`, read by two `mapposter-worker`
/// processes (`OSM_DATA=s3://…`), each serving its own queue so that both are sure to draw a poster.
@Suite(.serialized) struct StoreWorkerTests {
    @Test func twoWorkersDrawFromOneStoreInS3() async throws {
        try await withRedisServer { server in
            try await MotoServer.withMotoServer { endpoint in
                let s3 = [
                    "S3_ENDPOINT_URL": endpoint.absoluteString, "S3_PUBLIC_URL": endpoint.absoluteString,
                    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                ]
                let storeBucket = s3.merging(["S3_BUCKET": "osm", "S3_EXPIRE_DAYS": "0"]) { $1 }
                try await StorageConfiguration(environment: EnvironmentVariables(storeBucket))
                    .makeObjectStore(pool: .testing).prepare()
                let importer = try ChildProcess(
                    try BuiltProducts.executable("mapposter"),
                    ["import", try Fixtures.helsinkiPBF.path, "--output", "s3://osm/helsinki", "--tile-size", "0.005"],
                    environment: s3)
                let status = await importer.waitForExit(timeout: .seconds(120))
                #expect(status == 0, "\(importer.output)")
                #expect(importer.output.contains("at s3://osm/helsinki/"), "\(importer.output)")

                let environment = s3.merging([
                    "REDIS_URL": server.url(), "S3_BUCKET": "posters", "OSM_DATA": "s3://osm/helsinki",
                    "GEOCODER": "offline",
                ]) { $1 }
                let workers = try ["store-a", "store-b"].map { queue in
                    try ChildProcess(
                        try BuiltProducts.executable("mapposter-worker"),
                        ["--loglevel", "info", "-c", "1", "-Q", queue],
                        environment: environment)
                }
                try await withTearDown(workers, tearDown: { for worker in $0 { await worker.stop() } }) { workers in
                    let python = PythonCelery(directory: Paths.python, redisURL: server.url())
                    for (queue, distance) in [("store-a", 600), ("store-b", 700)] {
                        let request: JSONValue = [
                            "city": "Helsinki", "country": "Finland", "lat": 60.1716, "lon": 24.9443,
                            "style": "noir", "distance": .int(distance), "width": 2.0, "height": 3.0,
                            "dpi": 50,
                        ]
                        let sent = try await python.peer(
                            [
                                "call", "backend.tasks.generate_poster_task",
                                JSONValue.array([request]).serialized(.python), "{\"queue\": \"\(queue)\"}",
                            ], timeout: .seconds(120))
                        let output = workers.map(\.output).joined(separator: "\n")
                        let result = try #require(sent["result"] as? [String: Any], "\(sent)\n\(output)")
                        #expect(result["success"] as? Bool == true)
                        let url = try #require(result["file_url"] as? String)
                        let response = try await CurlEasyHandle.transfer(CurlRequest(url: url), on: .testing)
                        #expect(response.status == 200)
                        #expect(response.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
                    }
                    for worker in workers { #expect(worker.output.contains("succeeded"), "\(worker.output)") }
                }
            }
        }
    }
}
