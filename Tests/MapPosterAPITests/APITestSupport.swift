import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSON
import MapPosterTesting
import NIOCore
import Settings

@testable import MapPosterAPI

/// One API under test: a fresh redis-server, a temporary storage folder, and the live server.
struct APIFixture: Sendable {
    let redis: RedisServer
    let storage: URL
}

/// A decoded test response: status, headers, body text and its JSON.
struct APIResponse {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String
    var json: JSONValue? { try? JSONValue(parsing: text) }
}

extension TestClientProtocol {
    /// Sends a request and returns the whole answer.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, body: String? = nil, headers: HTTPFields = [:]
    ) async throws -> APIResponse {
        var headers = headers
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        {
            APIResponse(status: $0.status, headers: $0.headers, text: String(buffer: $0.body))
        }
    }
}

/// Runs `body` against a live API on a free port, with its own redis-server and folders.
///
/// - Parameter environment: added to the test's settings (REDIS_URL, GEOCODER=offline and
///   MAPPOSTER_STORAGE_DIR are set).
///   - prepare: runs on the fixture's folders before the application is built.
func withAPI(
    environment: [String: String] = [:],
    prepare: (APIFixture) throws -> Void = { _ in },
    _ body: @Sendable @escaping (any TestClientProtocol, APIFixture) async throws -> Void
) async throws {
    try await withRedisServer { redis in
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("api-\(UUID().uuidString)")
        let fixture = APIFixture(redis: redis, storage: root.appendingPathComponent("storage"))
        try FileManager.default.createDirectory(
            at: fixture.storage.appendingPathComponent("posters"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try prepare(fixture)
        let base = [
            "REDIS_URL": redis.url(), "GEOCODER": "offline",
            "MAPPOSTER_STORAGE_DIR": fixture.storage.path, "LOG_LEVEL": "warning",
        ]
        var settings = try APISettings(environment: EnvironmentVariables(base.merging(environment) { $1 }))
        settings.port = 0
        let app = try await buildApplication(settings)
        try await app.test(.live) { client in try await body(client, fixture) }
    }
}

/// The keys of a JSON object in order.
func keys(_ value: JSONValue?) -> [String] { value?.object?.orderedKeys ?? [] }
