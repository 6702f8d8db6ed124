import Curl
import Foundation
import MapPosterTesting
import Testing

/// libcurl against the local test server (`Tests/Servers/osm_server.py`, no fixture needed).
@Suite struct CurlEasyHandleTests {
    static func withServer(_ body: (String) async throws -> Void) async throws {
        try await ScriptServer.run(ScriptServer.script("osm_server.py"), body)
    }

    static func perform(_ request: CurlRequest) async throws -> CurlResponse {
        try await CurlEasyHandle.transfer(request, on: .testing)
    }

    @Test func sendsMethodHeadersAndBody() async throws {
        try await Self.withServer { base in
            for method in ["POST", "PUT"] {
                let request = CurlRequest(
                    method: method,
                    url: "\(base)/echo?x=1",
                    headers: [("X-Test", "yes"), ("Content-Type", "text/plain")],
                    body: Data("hello \(method)".utf8),
                    userAgent: "MapPosterTests/1"
                )
                let response = try await Self.perform(request)
                #expect(response.status == 200)
                #expect(response.header("content-type") == "application/json")
                let echo = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
                #expect(echo?["method"] as? String == method)
                #expect(echo?["body"] as? String == "hello \(method)")
                let headers = echo?["headers"] as? [String: String]
                #expect(headers?["X-Test"] == "yes")
                #expect(headers?["User-Agent"] == "MapPosterTests/1")
            }
            let head = try await Self.perform(CurlRequest(method: "HEAD", url: "\(base)/bytes?n=10"))
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.header("Content-Length") == "10")
            let missing = try await Self.perform(CurlRequest(url: "\(base)/ok/nothing"))
            #expect(missing.status == 404)
        }
    }

    @Test func reusesAHandle() async throws {
        try await Self.withServer { base in
            let sizes = try Self.fetchSizes(base: base, sizes: [1, 1000, 100_000])
            #expect(sizes == [1, 1000, 100_000])
        }
    }

    /// One handle, three requests in sequence (blocking: fine on the test's own thread).
    static func fetchSizes(base: String, sizes: [Int]) throws -> [Int] {
        let handle = try CurlEasyHandle()
        return try sizes.map { try handle.perform(CurlRequest(url: "\(base)/bytes?n=\($0)")).body.count }
    }

    @Test func limitsResponseSize() async throws {
        try await Self.withServer { base in
            let request = CurlRequest(url: "\(base)/bytes?n=200000", maxResponseSize: 100_000)
            await #expect { try await Self.perform(request) } throws: { error in
                (error as? CurlError)?.code == .responseTooLarge
            }
        }
    }

    @Test func timesOut() async throws {
        try await Self.withServer { base in
            let request = CurlRequest(url: "\(base)/slow-3/search?q=x", timeout: 0.5)
            await #expect { try await Self.perform(request) } throws: { error in
                (error as? CurlError)?.code == .timedOut
            }
        }
    }

    @Test func reportsRefusedConnections() async throws {
        // Port 9 (discard) is closed on a test machine's loopback.
        await #expect { try await Self.perform(CurlRequest(url: "http://127.0.0.1:9/", connectTimeout: 2)) } throws: {
            error in (error as? CurlError)?.code == .couldNotConnect
        }
    }

    /// libcurl adds an AWS SigV4 `Authorization` header and `x-amz-date` when asked.
    @Test func signsWithSigV4() async throws {
        try await Self.withServer { base in
            let request = CurlRequest(
                method: "PUT",
                url: "\(base)/echo",
                body: Data("object".utf8),
                sigV4: .init(provider: "aws:amz:us-east-1:s3", accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")
            )
            let response = try await Self.perform(request)
            let echo = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
            let headers = echo?["headers"] as? [String: String] ?? [:]
            let authorization = headers["Authorization"] ?? ""
            #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"))
            #expect(authorization.contains("/us-east-1/s3/aws4_request"))
            #expect(headers["X-Amz-Date"] != nil || headers["x-amz-date"] != nil)
        }
    }
}
