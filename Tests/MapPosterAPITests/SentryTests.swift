import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSON
import Logging
import MapPosterTesting
import NIOCore
import Synchronization
import Testing

@testable import MapPosterAPI

@Suite("Sentry envelopes")
struct SentryTests {
    struct Boom: Error, CustomStringConvertible { var description: String { "disk on fire" } }

    @Test func dsnGivesTheEnvelopeEndpoint() throws {
        let reporter = try #require(
            SentryReporter(dsn: "https://abc123@sentry.example.org:9000/base/42", pool: .testing))
        #expect(reporter.envelopeURL == "https://sentry.example.org:9000/base/api/42/envelope/")
        #expect(reporter.publicKey == "abc123")
        #expect(SentryReporter(dsn: "not a dsn", pool: .testing) == nil)
        #expect(SentryReporter(dsn: "https://sentry.example.org/42", pool: .testing) == nil)
    }

    @Test func capturePostsAnEnvelopeToTheDSNsServer() async throws {
        let received = Mutex<[(String, String, String)]>([])
        let router = Router()
        router.post("/api/:project/envelope") { request, context -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            let auth = request.headers[HTTPField.Name("X-Sentry-Auth")!] ?? ""
            let project = context.parameters.get("project") ?? ""
            received.withLock { $0.append((project, auth, String(buffer: body))) }
            return .ok
        }
        let sentryServer = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await sentryServer.test(.live) { client in
            let port = try #require(client.port)
            let reporter = try #require(SentryReporter(dsn: "http://publickey@127.0.0.1:\(port)/7", pool: .testing))
            reporter.capture(Boom(), method: "POST", path: "/generate", logger: Logger(label: "test"))
            let deadline = ContinuousClock.now + .seconds(10)
            while received.withLock({ $0.isEmpty }) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let (project, auth, envelope) = try #require(received.withLock { $0.first })
        #expect(project == "7")
        #expect(auth.contains("sentry_key=publickey"))
        let lines = envelope.split(separator: "\n").map { try? JSONValue(parsing: String($0)) }
        #expect(lines.count == 3)
        #expect(lines[1]?["type"] == "event")
        #expect(lines[0]?["event_id"] == lines[2]?["event_id"])
        #expect(lines[2]?["exception"]?["values"]?.array?.first?["value"] == "disk on fire")
        #expect(lines[2]?["transaction"] == "POST /generate")
    }
}
