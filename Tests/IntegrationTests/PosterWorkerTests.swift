import Curl
import Foundation
import JSON
import MapPosterTesting
import Testing

/// The drop-in check of issue 5: Python Celery sends `backend.tasks.generate_poster_task` to the real
/// `mapposter-worker` binary (fixture extract, offline gazetteer, moto as S3), reads the result with
/// `AsyncResult.get()`, and the poster downloads from the S3 server.
@Suite(.serialized) struct PosterWorkerTests {
    static let zipCheck = Paths.packageRoot.appendingPathComponent("Tests/PosterJobTests/zip_check.py")

    /// Runs `body` with a Python peer, the S3 endpoint and a running worker; stops everything after.
    func withPosterWorker(_ body: (PythonCelery, URL, ChildProcess) async throws -> Void) async throws {
        try await withRedisServer { server in
            try await MotoServer.withMotoServer { endpoint in
                let worker = try ChildProcess(
                    try BuiltProducts.executable("mapposter-worker"), ["--loglevel", "info", "-c", "2"],
                    environment: [
                        "REDIS_URL": server.url(), "S3_ENDPOINT_URL": endpoint.absoluteString,
                        "S3_BUCKET": "posters", "S3_PUBLIC_URL": endpoint.absoluteString,
                        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "OSM_PBF_PATH": try Fixtures.helsinkiPBF.path, "GEOCODER": "offline",
                    ])
                try await withTearDown(worker) { worker in
                    try await body(PythonCelery(directory: Paths.python, redisURL: server.url()), endpoint, worker)
                }
            }
        }
    }

    /// A small Helsinki request (2 × 3 in at 50 dpi: a 100 × 150 px PNG) with `changes` applied.
    func request(_ changes: (String, JSONValue)...) -> String {
        let base: JSONValue = [
            "city": "Helsinki", "country": "Finland", "style": "noir", "distance": 1000, "width": 2.0,
            "height": 3.0, "dpi": 50,
        ]
        var object = base.object!
        for (key, value) in changes { object[key] = value }
        return JSONValue.array([.object(object)]).serialized(.python)
    }

    func send(_ python: PythonCelery, _ arguments: String) async throws -> [String: Any] {
        try await python.peer(["call", "backend.tasks.generate_poster_task", arguments], timeout: .seconds(120))
    }

    func download(_ url: String) async throws -> (Int, String?, Data) {
        let response = try await CurlEasyHandle.transfer(CurlRequest(url: url), on: .testing)
        return (response.status, response.header("Content-Type"), response.body)
    }

    @Test func pythonSendTaskGetsADownloadablePosterThenTheCache() async throws {
        try await withPosterWorker { python, endpoint, worker in
            let first = try await send(python, request())
            let result = try #require(first["result"] as? [String: Any], "\(first)\n\(worker.output)")
            #expect(result["success"] as? Bool == true)
            #expect(result["cached"] as? Bool == false)
            let url = try #require(result["file_url"] as? String)
            #expect(url.hasPrefix("\(endpoint.absoluteString)/posters/helsinki_noir_") && url.hasSuffix(".png"))
            let (status, type, body) = try await download(url)
            #expect(status == 200)
            #expect(type == "image/png")
            let header = [UInt8](body.prefix(24))
            #expect(header.prefix(4) == [0x89, 0x50, 0x4E, 0x47])
            #expect(header.suffix(8) == [0, 0, 0, 100, 0, 0, 0, 150], "100 × 150 px")

            let bad = try await send(python, request(("style", "no_such_theme")))
            #expect(bad["state"] as? String == "FAILURE")
            #expect(bad["error_type"] as? String == "ValueError")
            #expect(bad["error_module"] as? String == "builtins")
            #expect((bad["error_str"] as? String)?.hasPrefix("Unknown theme 'no_such_theme'") == true)

            let again = try await send(python, request())
            let cached = try #require(again["result"] as? [String: Any], "\(again)")
            #expect(cached["cached"] as? Bool == true)
            #expect(cached["file_url"] as? String == url)
            #expect(worker.isRunning)
        }
    }

    @Test func vectorFormatsAndTheAllThemesZip() async throws {
        try await withPosterWorker { python, _, worker in
            for (format, type, magic) in [("svg", "image/svg+xml", "<?xml"), ("pdf", "application/pdf", "%PDF-")] {
                let sent = try await send(python, request(("format", .string(format))))
                let result = try #require(sent["result"] as? [String: Any], "\(sent)\n\(worker.output)")
                let (status, contentType, body) = try await download(try #require(result["file_url"] as? String))
                #expect(status == 200)
                #expect(contentType == type)
                #expect(body.starts(with: Data(magic.utf8)))
            }

            let sent = try await send(python, request(("all_themes", true)))
            let result = try #require(sent["result"] as? [String: Any], "\(sent)\n\(worker.output)")
            let url = try #require(result["file_url"] as? String)
            #expect(url.contains("/posters/helsinki_ALL_THEMES_") && url.hasSuffix(".zip"))
            let (status, contentType, body) = try await download(url)
            #expect(status == 200)
            #expect(contentType == "application/zip")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).zip")
            try body.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let report = try JSONValue(parsing: try await PythonScript.run(Self.zipCheck, arguments: [file.path]))
            #expect(report["bad"] == .null)
            let entries = try #require(report["entries"]?.array)
            #expect(entries.count == 17)
            for entry in entries {
                #expect(entry["name"]?.string?.hasPrefix("helsinki_") == true)
                #expect(entry["head"]?.string?.hasSuffix("0000006400000096") == true, "100 × 150 px PNG")
            }
        }
    }
}
