import Celery
import Foundation
import JSON
import Testing

/// Remote-control requests as `celery inspect`/`control` send them (celery-protocol.md §4.10).
@Suite struct ControlTests {
    /// The body of a captured `celery inspect ping`, with its envelope.
    static func envelope(_ body: JSONValue, clock: Int = 3) -> KombuEnvelope {
        KombuEnvelope(
            json: body, headers: JSONObject([("clock", .int(clock)), ("expires", 1_795_584_260.5)]),
            properties: JSONObject([("delivery_mode", 2)]))
    }

    @Test func readsAnInspectPingRequest() throws {
        let body: JSONValue = [
            "method": "ping", "arguments": [:], "destination": nil, "pattern": nil, "matcher": nil,
            "ticket": "2f158306-1", "reply_to": ["exchange": "reply.celery.pidbox", "routing_key": "fbc15768-1"],
        ]
        let request = try #require(ControlRequest(envelope: Self.envelope(body)))
        #expect(request.method == "ping")
        #expect(request.ticket == "2f158306-1")
        #expect(request.replyTo?.exchange == "reply.celery.pidbox")
        #expect(request.replyTo?.routingKey == "fbc15768-1")
        #expect(request.clock == 3)
        #expect(request.isAddressed(to: "celery@a"))
    }

    @Test func aRevokeCastHasNoReplyAddress() throws {
        let body: JSONValue = [
            "method": "revoke", "arguments": ["task_id": "t-1", "terminate": false, "signal": "SIGTERM"],
            "destination": nil, "pattern": nil, "matcher": nil,
        ]
        let request = try #require(ControlRequest(envelope: Self.envelope(body)))
        #expect(request.replyTo == nil)
        #expect(request.ticket == nil)
        #expect(request.arguments["task_id"] == "t-1")
    }

    @Test func selectsNodesByDestinationThenPattern() throws {
        func request(_ extra: [(String, JSONValue)]) throws -> ControlRequest {
            let body = JSONValue.object(JSONObject([("method", "ping"), ("arguments", [:])] + extra))
            return try #require(ControlRequest(envelope: Self.envelope(body)))
        }
        let listed = try request([("destination", ["w1@a", "w2@a"])])
        #expect(listed.isAddressed(to: "w2@a"))
        #expect(!listed.isAddressed(to: "w3@a"))
        let glob = try request([("pattern", "w*@a"), ("matcher", "glob")])
        #expect(glob.isAddressed(to: "w9@a"))
        #expect(!glob.isAddressed(to: "x@a"))
        let pcre = try request([("pattern", "w[0-9]"), ("matcher", "pcre")])
        #expect(pcre.isAddressed(to: "w1@host"))
        #expect(!pcre.isAddressed(to: "aw1@host"))
        // An empty destination list means everyone, as in kombu.
        #expect(try request([("destination", [])]).isAddressed(to: "any@a"))
    }

    @Test func notACommandIsRejected() {
        #expect(ControlRequest(envelope: Self.envelope(["arguments": [:]])) == nil)
        #expect(ControlRequest(envelope: KombuEnvelope(body: "not base64 json")) == nil)
    }

    @Test func lamportClockMovesPastWhatItSees() {
        let clock = LamportClock()
        #expect(clock.forward() == 1)
        #expect(clock.adjust(10) == 11)
        #expect(clock.adjust(3) == 12)
        #expect(clock.current == 12)
    }
}
