import Celery
import CeleryFuzzing
import Foundation
import JSON
import Redis
import Testing

/// The fuzzing corpus (`Fuzz/corpus`, written by `Fuzz/make_corpus.py` from real Celery and kombu, plus Redis
/// replies named `resp-*`) replayed
/// through the fuzzed decoders on every test run, and the header values Python accepts that used to trap.
@Suite struct DecoderCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus")

    @Test func everySeedDecodesAsCeleryWroteIt() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        #expect(names.count >= 25)
        for name in names {
            let bytes = try Data(contentsOf: Self.corpus.appendingPathComponent(name))
            DecoderExercise.run(bytes)
            let envelope = try? KombuEnvelope(parsing: String(decoding: bytes, as: UTF8.self))
            if name.hasPrefix("resp-") {  // Redis replies, as a server sends them
                #expect(try !RedisValue.replies(parsing: Array(bytes)).isEmpty, "\(name)")
            } else if name.hasPrefix("control-") {
                #expect(envelope.flatMap(ControlRequest.init(envelope:)) != nil, "\(name)")
            } else if !name.hasPrefix("bad-") {
                #expect(throws: Never.self, "\(name)") { try TaskMessage(envelope: #require(envelope)) }
            }
        }
    }

    @Test(
        arguments: [
            ("[1e21, null]", 1e21, nil), ("[Infinity, NaN]", nil, nil), ("[0, 10.5]", nil, 10.5),
            ("[-5, -Infinity]", 0, 0),
            ("null", nil, nil), ("[30]", 30, nil),
        ] as [(String, Double?, Double?)])
    func timeLimitsAreReadAsCeleryPoolReadsThem(header: String, hard: Double?, soft: Double?) throws {
        let message = try Self.message(headers: #""timelimit": \#(header), "retries": 2.0"#)
        #expect(message.hardTimeLimit == hard)
        #expect(message.softTimeLimit == soft)
        #expect(message.retries == 2)
    }

    @Test(arguments: [#""timelimit": ["soon", null]"#, #""timelimit": 5"#, #""retries": -1"#, #""retries": "2""#])
    func headersThatCannotBeReadAreRefusedWithTheReason(header: String) {
        #expect(throws: MessageDecodingError.self) { try Self.message(headers: header) }
    }

    static func message(headers: String) throws -> TaskMessage {
        let body = Data(#"[[1, 2], {}, null]"#.utf8).base64EncodedString()
        let text = #"""
            {"body": "\#(body)", "content-type": "application/json", "content-encoding": "utf-8", "headers": {"task": "tests.add", "id": "x", \#(headers)}, "properties": {"body_encoding": "base64", "delivery_tag": "T"}}
            """#
        return try TaskMessage(envelope: KombuEnvelope(parsing: text))
    }
}
