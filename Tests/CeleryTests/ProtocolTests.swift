import Celery
import Foundation
import JSON
import Testing

/// Samples captured from Python Celery/kombu 5.7 on Redis (shared/research/celery-protocol.md).
@Suite struct ProtocolTests {
    static let capturedAdd = #"""
        {"body": "W1syLCAyXSwge30sIHsiY2FsbGJhY2tzIjogbnVsbCwgImVycmJhY2tzIjogbnVsbCwgImNoYWluIjogbnVsbCwgImNob3JkIjogbnVsbH1d", "content-encoding": "utf-8", "content-type": "application/json", "headers": {"lang": "py", "task": "proj.add", "id": "a630cf4a-1", "shadow": null, "eta": "2026-11-25T05:24:19.685409+00:00", "expires": null, "group": null, "group_index": null, "retries": 0, "timelimit": [null, 30.5], "root_id": "a630cf4a-1", "parent_id": null, "argsrepr": "(2, 2)", "kwargsrepr": "{}", "origin": "gen11232@vm", "ignore_result": false, "replaced_task_nesting": 0, "stamped_headers": null, "stamps": {}, "sentry-trace": "abc"}, "properties": {"correlation_id": "a630cf4a-1", "reply_to": "2e998060", "delivery_mode": 2, "delivery_info": {"exchange": "", "routing_key": "celery"}, "priority": 5, "body_encoding": "base64", "delivery_tag": "ec0fefa8-1"}}
        """#

    @Test func decodesACapturedPythonMessage() throws {
        let envelope = try KombuEnvelope(parsing: Self.capturedAdd)
        let message = try TaskMessage(envelope: envelope)
        #expect(message.name == "proj.add")
        #expect(message.id == "a630cf4a-1")
        #expect(message.args == [2, 2])
        #expect(message.kwargs.isEmpty)
        #expect(message.embed.orderedKeys == ["callbacks", "errbacks", "chain", "chord"])
        #expect(message.hardTimeLimit == nil)
        #expect(message.softTimeLimit == 30.5)
        #expect(message.eta == CeleryDate.parse("2026-11-25T05:24:19.685409Z"))
        #expect(message.priority == 5)
        #expect(message.deliveryTag == "ec0fefa8-1")
        #expect(message.routingKey == "celery")
        #expect(message.headers["sentry-trace"] == "abc")
    }

    @Test func encodesTheBodyByteForByteAsKombu() {
        let envelope = KombuEnvelope(
            json: [[2, 2], [:], ["callbacks": nil, "errbacks": nil, "chain": nil, "chord": nil]],
            headers: JSONObject(),
            properties: JSONObject()
        )
        #expect(
            envelope.body
                == "W1syLCAyXSwge30sIHsiY2FsbGJhY2tzIjogbnVsbCwgImVycmJhY2tzIjogbnVsbCwgImNoYWluIjogbnVsbCwgImNob3JkIjogbnVsbH1d"
        )
        #expect(envelope.properties["body_encoding"] == "base64")
        #expect(envelope.deliveryTag?.count == 36)
    }

    @Test func decodesProtocolV1AndRawBodies() throws {
        let v1Body =
            #"{"task": "proj.add", "id": "v1-id", "args": [5, 6], "kwargs": {}, "retries": 1, "eta": null, "expires": null, "taskset": "g1", "utc": true, "callbacks": null, "errbacks": null, "timelimit": [10, null], "chord": null}"#
        let v1 = KombuEnvelope(
            body: Data(v1Body.utf8).base64EncodedString(),
            properties: JSONObject([("body_encoding", "base64"), ("delivery_tag", "t")])
        )
        let message = try TaskMessage(envelope: v1)
        #expect(message.name == "proj.add")
        #expect(message.args == [5, 6])
        #expect(message.retries == 1)
        #expect(message.groupID == "g1")
        #expect(message.hardTimeLimit == 10)
        #expect(message.argsRepr == "(5, 6)")

        // celery-php style: raw JSON body, no body_encoding.
        let raw = KombuEnvelope(
            body: #"[["a"], {"k": 1}, null]"#,
            headers: JSONObject([("task", "proj.echo"), ("id", "raw-id")])
        )
        let rawMessage = try TaskMessage(envelope: raw)
        #expect(rawMessage.args == ["a"])
        #expect(rawMessage.kwargs["k"] == 1)
    }

    @Test(arguments: [
        (#"{"body": "!!", "headers": {"task": "t", "id": "i"}, "properties": {"body_encoding": "base64"}}"#, "base64"),
        (
            #"{"body": "e30=", "headers": {"task": "t", "id": "i"}, "properties": {"body_encoding": "base64"}}"#,
            "[args, kwargs, embed]"
        ),
        (
            #"{"body": "W1tdLCBbXSwgbnVsbF0=", "headers": {"task": "t", "id": "i"}, "properties": {"body_encoding": "base64"}}"#,
            "kwargs must be a mapping"
        ),
        (
            #"{"body": "W1tdLCB7fSwgbnVsbF0=", "headers": {"task": "t"}, "properties": {"body_encoding": "base64"}}"#,
            "task id"
        ),
        (
            #"{"body": "W1tdLCB7fSwgbnVsbF0=", "headers": {"task": "t", "id": "i", "eta": "soon"}, "properties": {"body_encoding": "base64"}}"#,
            "eta"
        ),
        (
            #"{"body": "W1tdLCB7fSwgbnVsbF0=", "content-type": "application/x-yaml", "headers": {"task": "t", "id": "i"}, "properties": {}}"#,
            "content type"
        ),
        (
            #"{"body": "W1tdLCB7fSwgbnVsbF0=", "headers": {}, "properties": {"body_encoding": "base64"}}"#,
            "unknown message"
        ),
        (#"{"headers": {}}"#, "body"),
        (#"[1]"#, "not an object"),
    ])
    func malformedMessagesSayWhy(text: String, reason: String) {
        do {
            _ = try TaskMessage(envelope: try KombuEnvelope(parsing: text))
            Issue.record("decoded a malformed message")
        } catch {
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }

    @Test func datesRoundTripAsPythonIsoformat() throws {
        let date = try #require(CeleryDate.parse("2026-11-25T05:24:19.685409+00:00"))
        #expect(CeleryDate.format(date) == "2026-11-25T05:24:19.685409+00:00")
        #expect(CeleryDate.parse("2026-11-25T07:24:19.685409+02:00") == date)
        #expect(CeleryDate.parse("2026-11-25T05:24:19.685409") == date)
        #expect(
            CeleryDate.format(try #require(CeleryDate.parse("2026-01-02T03:04:05Z"))) == "2026-01-02T03:04:05+00:00")
        #expect(CeleryDate.parse("yesterday") == nil)
        #expect(CeleryDate.format(Date(timeIntervalSince1970: -86399.5)) == "1969-12-31T00:00:00.500000+00:00")
        #expect(CeleryDate.format(Date(timeIntervalSince1970: 0.000_001)) == "1970-01-01T00:00:00.000001+00:00")
    }

    @Test func identifiersAreUUID4sAsPythonWritesThem() throws {
        let identifiers = (0..<10_000).map { _ in newIdentifier() }
        #expect(Set(identifiers).count == identifiers.count)
        for identifier in identifiers.prefix(100) {
            let uuid = try #require(UUID(uuidString: identifier), "\(identifier)")
            #expect(uuid.uuidString.lowercased() == identifier)
            let characters = Array(identifier)
            #expect(characters[14] == "4")
            #expect("89ab".contains(characters[19]))
        }
    }

    @Test func epochScoresAsKombuWritesThem() {
        for seconds in [0, 0.000_001, 1_764_480_000.5, 1_764_480_000.999_999_7, 12.034_5] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(CeleryDate.epochSeconds(date) == String(format: "%.6f", seconds), "\(seconds)")
        }
    }

    @Test func reprsLikePython() {
        #expect(PythonRepr.tuple([2, 2]) == "(2, 2)")
        #expect(PythonRepr.tuple(["bad"]) == "('bad',)")
        #expect(PythonRepr.tuple([]) == "()")
        #expect(PythonRepr.tuple([.bigInt("1180591620717411303424"), 1]) == "(1180591620717411303424, 1)")
        #expect(CelerySafeRepr.repr(.array([.bigInt("-1180591620717411303424")])) == "[-1180591620717411303424]")
        #expect(
            PythonRepr.repr(["a": true, "b": nil, "c": 1.5, "d": "it's"])
                == #"{'a': True, 'b': None, 'c': 1.5, 'd': "it's"}"#)
        #expect(TaskFailure(type: "ValueError", arguments: ["bad", 42]).repr == "ValueError('bad', 42)")
        // What CPython 3.11's repr() printed: non-printable characters are escaped, printable ones kept.
        let strings: [JSONValue] = [
            "a\u{A0}b", "\u{200B}", "\u{2028}", "\u{E000}", "é東😀", "\u{85}", "\u{7F}", "it's", "q\"", "\u{E0001}", " ",
        ]
        #expect(
            strings.map(PythonRepr.repr) == [
                #"'a\xa0b'"#, #"'\u200b'"#, #"'\u2028'"#, #"'\ue000'"#, "'é東😀'", #"'\x85'"#, #"'\x7f'"#,
                #""it's""#, #"'q"'"#, #"'\U000e0001'"#, "' '",
            ])
    }

    @Test func namesKeysAsKombu() {
        let names = KombuNames()
        #expect(
            names.consumeKeys(queues: ["celery"]) == [
                "celery", "celery\u{06}\u{16}3", "celery\u{06}\u{16}6", "celery\u{06}\u{16}9",
            ])
        #expect(names.list(queue: "celery", priority: 5) == "celery\u{06}\u{16}3")
        #expect(names.list(queue: "celery", priority: 9) == "celery\u{06}\u{16}9")
        #expect(names.queue(ofList: "celery\u{06}\u{16}6") == "celery")
        #expect(names.fanoutChannel(exchange: "celeryev", routingKey: "task.multi") == "/0.celeryev/task.multi")
        #expect(KombuNames(keyPrefix: "p:").unacked == "p:unacked")
    }

    @Test func resultMetaHasCeleryKeyOrder() throws {
        let meta = TaskResultMeta(
            taskID: "6e4d26b4", status: .failure,
            result: TaskFailure(type: "ValueError", arguments: ["bad", 42]).json,
            traceback: "tb", dateDone: CeleryDate.parse("2026-11-25T05:24:17.509417+00:00")
        )
        #expect(
            meta.json.serialized(.python)
                == #"{"status": "FAILURE", "result": {"exc_type": "ValueError", "exc_message": ["bad", 42], "exc_module": "builtins"}, "traceback": "tb", "children": [], "date_done": "2026-11-25T05:24:17.509417+00:00", "task_id": "6e4d26b4"}"#
        )
        let progress = TaskResultMeta(taskID: "p", status: .progress, result: ["current": 20, "total": 100])
        #expect(
            progress.json.serialized(.python).hasPrefix(
                #"{"status": "PROGRESS", "result": {"current": 20, "total": 100}, "traceback": null, "children": [], "date_done": null"#
            ))
        #expect(TaskResultMeta(json: meta.json)?.failure?.arguments == ["bad", 42])
    }
}
